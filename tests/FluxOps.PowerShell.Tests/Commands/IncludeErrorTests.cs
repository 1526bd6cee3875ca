using System.Management.Automation;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// An -Include that can select nothing (or everything) is raised as its own error before anything runs: a glob with
/// syntax FluxOps does not have, a glob where a path is expected, a blank, an object pattern with too many parts.
/// </summary>
public sealed class IncludeErrorTests : IDisposable
{
    private readonly ModuleSession _session = new();
    private readonly FluxRepoScenario _scenario = new();
    private readonly GitWorkTree _clone;

    public IncludeErrorTests()
    {
        FluxFleet.Seed(_scenario);
        _clone = _scenario.NewClone();
    }

    [Theory]
    [InlineData("Get-ChangedImages -Path $path -All -Include 'apps/[ab]*.yaml'", "InvalidPathGlob", "character classes ([...]) are not supported")]
    [InlineData("Get-ChangedImages -Path $path -All -Exclude 'apps/{web,api}.yaml'", "InvalidPathGlob", "alternatives ({a,b}) are not supported")]
    [InlineData("Get-ChangedImages -Path $path -All -Include ' '", "InvalidPathGlob", "' ' is not a path glob FluxOps understands: it is empty")]
    [InlineData("Get-FluxBadCommit -Path $path -Include 'apps/*'", "IncludePathInvalid", "(write 'apps')")]
    [InlineData("Get-FluxBadCommit -Path $path -Include '  '", "IncludePathInvalid", "it is empty")]
    [InlineData("Invoke-FluxRollback -Path $path -Include 'Kustomization/flux-system/apps/extra' -Event ([FluxOps.Models.FluxEvent]::new()) -WhatIf", "IncludeInvalid", "names no Flux object")]
    [InlineData("Start-FluxRollbackReceiver -Path $path -Port 1 -Secret (ConvertTo-SecureString k -AsPlainText -Force) -Include 'apps/' -WhatIf", "IncludeInvalid", "each part non-empty")]
    public void The_include_error_is_raised_with_its_own_id_and_nothing_is_listed(string script, string errorId, string says)
    {
        var result = _session.Run(script, new Dictionary<string, object?> { ["path"] = _clone.Path });

        var record = result.Errors.FirstOrDefault() ?? (result.Terminating as IContainsErrorRecord)?.ErrorRecord;
        Assert.NotNull(record);
        Assert.StartsWith(errorId + ",", record.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Contains(says, record.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    public void Dispose()
    {
        _session.Dispose();
        _scenario.Dispose();
    }
}
