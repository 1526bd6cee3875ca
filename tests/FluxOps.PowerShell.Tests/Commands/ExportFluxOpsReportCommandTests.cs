using System.Xml.Linq;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

public sealed class ExportFluxOpsReportCommandTests : IDisposable
{
    private readonly ModuleSession _session = new();
    private readonly TempDirectory _directory = new();

    [Fact]
    public void Writes_a_junit_file_from_piped_results()
    {
        var path = _directory.Combine("reports", "images.xml");

        var result = _session.Run("""
            $ok = [FluxOps.Models.ImageCheckResult]@{ Image = 'r/a:1'; Status = 'Exists'; File = 'a.yaml'; Line = 3 }
            $bad = [FluxOps.Models.ImageCheckResult]@{ Image = 'r/a:2'; Status = 'NotFound'; File = 'b.yaml'; Line = 7 }
            $ok, $bad | Export-FluxOpsReport -Format Junit -Path $path
            """, new Dictionary<string, object?> { ["path"] = path });

        Assert.Empty(result.Errors);
        Assert.Null(result.Terminating);
        Assert.Equal(path, ((FileInfo)Assert.Single(result.Output).BaseObject).FullName);
        var suite = XDocument.Load(path).Root!.Element("testsuite")!;
        Assert.Equal("2", suite.Attribute("tests")!.Value);
        Assert.Equal("1", suite.Attribute("failures")!.Value);
    }

    [Fact]
    public void WhatIf_writes_nothing()
    {
        var path = _directory.Combine("never.sarif");

        var result = _session.Run(
            "[FluxOps.Models.ImageCheckResult]@{ Image = 'r/a:2'; Status = 'Unknown' } | Export-FluxOpsReport -Format Sarif -Path $path -WhatIf",
            new Dictionary<string, object?> { ["path"] = path });

        Assert.Empty(result.Errors);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Unwritable_path_is_a_clear_terminating_error()
    {
        var result = _session.Run(
            "[FluxOps.Models.ImageCheckResult]@{ Image = 'r/a:2'; Status = 'Unknown' } | Export-FluxOpsReport -Format Sarif -Path /proc/fluxops/report.sarif");

        // A statement-terminating error: recorded in the error stream with its stable id, nothing written.
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ReportNotWritten,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(System.Management.Automation.ErrorCategory.WriteError, error.CategoryInfo.Category);
        Assert.Empty(result.Output);
    }

    public void Dispose()
    {
        _session.Dispose();
        _directory.Dispose();
    }
}
