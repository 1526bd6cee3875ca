using System.Management.Automation;
using FluxOps.Core.Reporting;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

/// <summary>Collects Test-ImageTag results from the pipeline and writes them as a JUnit or SARIF report file.</summary>
[Cmdlet(VerbsData.Export, "FluxOpsReport", SupportsShouldProcess = true, HelpUri = HelpLinks.Base + "Export-FluxOpsReport.md")]
[OutputType(typeof(FileInfo))]
public sealed class ExportFluxOpsReportCommand : PSCmdlet
{
    private readonly List<ImageCheckResult> _results = [];

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public ImageCheckResult[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true)]
    [ValidateSet("Junit", "Sarif")]
    public string Format { get; set; } = "Junit";

    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        _results.AddRange(InputObject);
        if (PassThru)
        {
            WriteObject(InputObject, enumerateCollection: true);
        }
    }

    protected override void EndProcessing()
    {
        var target = GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(target, $"Write {Format} report of {_results.Count} image check(s)"))
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target) ?? ".");
            using (var file = File.Create(target))
            {
                if (Format.Equals("Sarif", StringComparison.OrdinalIgnoreCase))
                {
                    var version = MyInvocation.MyCommand.Module?.Version?.ToString() ?? "0.0.0";
                    SarifReportWriter.Write(file, _results, version);
                }
                else
                {
                    JUnitReportWriter.Write(file, _results, DateTimeOffset.UtcNow);
                }
            }

            if (!PassThru)
            {
                WriteObject(new FileInfo(target));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "ReportNotWritten", ErrorCategory.WriteError, target));
        }
    }
}
