using System.Management.Automation;
using FluxOps.Core;
using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

/// <summary>
/// Reverts commits on the branch Flux watches with real revert commits and a fast-forward push. Commits arriving from the
/// pipeline are collected and reverted together (newest first) per repository and branch, in one push.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "FluxRevert", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = GitSet)]
[OutputType(typeof(RevertResult))]
public sealed class InvokeFluxRevertCommand : PSCmdlet
{
    private const string GitSet = "Git";
    private const string RestSet = "Rest";
    private readonly List<(string Path, string? Branch, string Sha)> _commits = new();
    private readonly CancellationTokenSource _cancellation = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Sha { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Repository")]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = GitSet)]
    public string Remote { get; set; } = "origin";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Branch { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public string? Reason { get; set; }

    [Parameter(ParameterSetName = GitSet)]
    public SwitchParameter NoPush { get; set; }

    [Parameter(ParameterSetName = GitSet)]
    public SwitchParameter PullRequest { get; set; }

    [Parameter]
    public PullRequestProvider? Provider { get; set; }

    [Parameter]
    public string? ApiUrl { get; set; }

    /// <summary>REST mode (no native git): the repository on the -Provider service (-Repository is already -Path's alias here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RestSet)]
    [ValidateNotNullOrEmpty]
    public string HostedRepository { get; set; } = string.Empty;

    [Parameter]
    [ValidateRange(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter(ParameterSetName = GitSet)]
    public SwitchParameter Squash { get; set; }

    [Parameter]
    public SwitchParameter KeepImageAutomation { get; set; }

    [Parameter]
    public string? AuthorName { get; set; }

    [Parameter]
    public string? AuthorEmail { get; set; }

    protected override void ProcessRecord()
    {
        var path = GitCommandSupport.ResolvePath(this, Path);
        foreach (var sha in Sha)
        {
            _commits.Add((path, string.IsNullOrEmpty(Branch) ? null : Branch, sha));
        }
    }

    protected override void EndProcessing()
    {
        if (PullRequest && NoPush)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("PullRequestWithNoPush", "-PullRequest pushes a branch; it cannot be combined with -NoPush.", null));
        }

        try
        {
            if (ParameterSetName == RestSet)
            {
                foreach (var group in _commits.GroupBy(c => c.Branch ?? Branch ?? "main"))
                {
                    RevertThroughApi(group.Key, group.Select(c => c.Sha).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
                }

                return;
            }

            foreach (var group in _commits.GroupBy(c => (c.Path, c.Branch)))
            {
                Revert(group.Key.Path, group.Key.Branch, group.Select(c => c.Sha).Distinct(StringComparer.OrdinalIgnoreCase).ToList());
            }
        }
        finally
        {
            _cancellation.Dispose();
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    private void Revert(string path, string? branch, IReadOnlyList<string> shas)
    {
        try
        {
            var credential = GitCommandSupport.ToGitCredential(Credential);
            string? baseBranch = null;
            var request = new RevertRequest
            {
                RepositoryPath = path,
                Commits = shas,
                Remote = Remote,
                Branch = branch ?? Branch,
                PushBranch = PullRequest ? "fluxops/revert-{shortsha}" : null,
                Credential = credential,
                NoPush = NoPush,
                MaxAttempts = MaxAttempts,
                AuthorName = AuthorName,
                AuthorEmail = AuthorEmail,
                Settings = new RevertSettings { Reason = Reason, KeepImageAutomation = KeepImageAutomation, Squash = Squash, Force = Force },
                // Asked once the revert is built on the fetched tip: -WhatIf prints exactly this and stops; -Confirm asks.
                Approve = preview =>
                {
                    baseBranch = preview.Branch;
                    var target = preview.Remote is null ? $"local branch '{preview.Branch}'" : $"{preview.Remote}/{preview.PushBranch}";
                    return ShouldProcess(preview.Describe(), $"Revert {string.Join(", ", shas)} and {(NoPush ? "commit on" : "push to")} {target}?", "Invoke-FluxRevert");
                },
            };

            var results = FluxReverter.Run(request, WriteVerbose, _cancellation.Token);
            if (PullRequest)
            {
                PullRequestPublisher.Publish(Hosting() with { RemoteUrl = GitRemoteInfo.RemoteUrl(path, Remote) },
                    new PullRequestProposal(baseBranch ?? branch ?? "main", results, Reason), WriteVerbose, _cancellation.Token);
            }

            foreach (var result in results)
            {
                WriteObject(result);
            }
        }
        catch (FluxOpsException ex)
        {
            WriteError(ErrorRecords.From(ex, string.Join(",", shas)));
        }
    }

    /// <summary>REST mode: the file-level inverse of each commit through the hosting service's API, no native git.</summary>
    private void RevertThroughApi(string branch, IReadOnlyList<string> shas)
    {
        try
        {
            var provider = Provider ?? throw new GitOperationException("RestProviderMissing", FailureKind.InvalidArgument,
                "-HostedRepository needs -Provider GitHub, GitLab or AzureDevOps.", HostedRepository);
            var api = HostingProviders.Connect(Hosting() with { Provider = provider, Repository = HostedRepository });
            var results = RestReverter.Run(api, new RestRevertRequest
            {
                Commits = shas,
                Branch = branch,
                Reason = Reason,
                Force = Force,
                KeepImageAutomation = KeepImageAutomation,
                MaxAttempts = MaxAttempts,
                AuthorName = AuthorName,
                AuthorEmail = AuthorEmail,
                Approve = description => ShouldProcess(description, $"Revert {string.Join(", ", shas)} on {api.Location} {branch}?", "Invoke-FluxRevert"),
            }, WriteVerbose, _cancellation.Token);
            foreach (var result in results)
            {
                WriteObject(result);
            }
        }
        catch (FluxOpsException ex)
        {
            WriteError(ErrorRecords.From(ex, string.Join(",", shas)));
        }
    }

    private HostingTarget Hosting() => new() { Provider = Provider, ApiUrl = ApiUrl, Token = Credential?.GetNetworkCredential().Password };
}
