using FluxOps.PowerShell.Tests.Receiver;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// ConvertFrom-FluxEvent | Get-FluxBadCommit binds the event's revision, not its ToString(); a revision or branch git
/// cannot use is RevisionInvalid/BranchNameInvalid in FluxOps' words, never a LibGit2Sharp exception's name.
/// </summary>
public sealed class RevisionBindingTests : IDisposable
{
    private const string NoRevisionEvent =
        "{\"involvedObject\":{\"kind\":\"Kustomization\",\"namespace\":\"flux-system\",\"name\":\"apps\"},\"severity\":\"error\"," +
        "\"timestamp\":\"2026-03-14T03:00:00Z\",\"message\":\"access denied\",\"reason\":\"AccessDenied\",\"reportingController\":\"kustomize-controller\"}";

    private readonly ModuleSession _session = new();
    private readonly FluxRepoScenario _scenario = new();
    private readonly GitWorkTree _clone;
    private readonly string _bad;

    public RevisionBindingTests()
    {
        FluxFleet.Seed(_scenario);
        _bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        _scenario.Push("Docs", new Dictionary<string, string> { ["README.md"] = "fleet\n" });
        _clone = _scenario.NewClone();
    }

    private SessionResult Run(string script, string? body = null) =>
        _session.Run(script, new Dictionary<string, object?> { ["path"] = _clone.Path, ["body"] = body });

    [Fact]
    public void A_piped_event_binds_its_revision_by_property_name()
    {
        var result = Run("$body | ConvertFrom-FluxEvent | Get-FluxBadCommit -Path $path", FluxEventFactory.Kustomization(_bad));

        Assert.Empty(result.Errors);
        var commit = Assert.Single(result.Output);
        Assert.Equal(_bad, commit.Properties["Sha"].Value);
        Assert.Equal($"revision main@sha1:{_bad}", commit.Properties["Reason"].Value);
    }

    [Fact]
    public void An_event_without_a_git_revision_is_refused_in_words_and_lists_nothing()
    {
        var result = Run("$body | ConvertFrom-FluxEvent | Get-FluxBadCommit -Path $path", NoRevisionEvent);

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("RevisionInvalid,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("The event for Kustomization/flux-system/apps carries no revision", error.Exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Get-FluxBadCommit -Path $path -Revision 'HEAD^{tree}'", "RevisionInvalid", "names a tree")]
    [InlineData("Get-FluxBadCommit -Path $path -Revision 'main@sha1:zzzz'", "RevisionInvalid", "is not a Flux git revision")]
    [InlineData("Get-FluxBadCommit -Path $path -Branch 'no:such'", "BranchNameInvalid", "not a valid branch name")]
    [InlineData("Invoke-FluxRevert -Path $path -Sha 'HEAD^{tree}' -NoPush -Confirm:$false", "RevisionInvalid", "names a tree")]
    [InlineData("Invoke-FluxRevert -Path $path -Sha HEAD -Branch 'a..b' -NoPush -Confirm:$false", "BranchNameInvalid", "not a valid branch name")]
    [InlineData("Invoke-FluxRollback -Path $path -Branch 'x:y' -Event ([FluxOps.Models.FluxEvent]::new()) -WhatIf", "BranchNameInvalid", "not a valid branch name")]
    public void A_revision_or_branch_git_cannot_use_is_a_FluxOps_error_never_a_LibGit2Sharp_one(string script, string errorId, string says)
    {
        var head = _clone.Git("rev-parse", "HEAD");

        var result = Run(script);

        var error = result.Errors.FirstOrDefault()?.FullyQualifiedErrorId
            ?? (result.Terminating as System.Management.Automation.IContainsErrorRecord)?.ErrorRecord.FullyQualifiedErrorId;
        var message = result.Errors.FirstOrDefault()?.Exception.Message ?? result.Terminating?.Message;
        Assert.StartsWith(errorId + ",", error, StringComparison.Ordinal);
        Assert.DoesNotContain("LibGit2Sharp", error, StringComparison.Ordinal);
        Assert.Contains(says, message, StringComparison.Ordinal);
        Assert.Equal(head, _clone.Git("rev-parse", "HEAD"));
    }

    public void Dispose()
    {
        _session.Dispose();
        _scenario.Dispose();
    }
}
