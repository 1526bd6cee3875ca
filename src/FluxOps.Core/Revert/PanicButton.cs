using FluxOps.Core.Flux;
using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Models;

namespace FluxOps.Core.Revert;

/// <summary>What a person asked Invoke-FluxRevert for, for one repository and branch.</summary>
internal sealed record PanicOrder(IReadOnlyList<string> Commits, RevertSettings Settings)
{
    /// <summary>A clone (git mode); null in REST mode.</summary>
    public string? RepositoryPath { get; init; }

    public string Remote { get; init; } = "origin";

    public string? Branch { get; init; }

    public GitCredential? Credential { get; init; }

    public bool NoPush { get; init; }

    /// <summary>Push to fluxops/revert-&lt;sha&gt; and open a pull (merge) request instead of pushing to the branch.</summary>
    public bool PullRequest { get; init; }

    /// <summary>REST mode (no native git) when <see cref="HostingTarget.Repository"/> is set; also where pull requests go.</summary>
    public HostingTarget Hosting { get; init; } = new();

    public int MaxAttempts { get; init; } = 5;

    public string? AuthorName { get; init; }

    public string? AuthorEmail { get; init; }

    /// <summary>Flux's webhook Receiver to ask for a reconcile after the push; null: say which flux commands do it.</summary>
    public ReconcileHook? Reconcile { get; init; }
}

/// <summary>
/// Invoke-FluxRevert's use case: revert with git (built in memory, fast-forward push, optional pull request) or, with a
/// hosted repository and no clone, through the hosting service's API. <c>approve</c> receives the exact description of
/// what would be committed and where (what -WhatIf prints and -Confirm asks about) and a one-line question.
/// </summary>
internal static class PanicButton
{
    public static IReadOnlyList<RevertResult> Run(PanicOrder order, Func<string, string, bool> approve, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(approve);
        return order.RepositoryPath is null ? ThroughApi(order, approve, log, cancellationToken) : WithGit(order, approve, log, cancellationToken);
    }

    private static IReadOnlyList<RevertResult> WithGit(PanicOrder order, Func<string, string, bool> approve, Action<string> log, CancellationToken cancellationToken)
    {
        string? baseBranch = null;
        var results = FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = order.RepositoryPath!,
            Commits = order.Commits,
            Remote = order.Remote,
            Branch = order.Branch,
            PushBranch = order.PullRequest ? "fluxops/revert-{shortsha}" : null,
            Credential = order.Credential,
            NoPush = order.NoPush,
            MaxAttempts = order.MaxAttempts,
            AuthorName = order.AuthorName,
            AuthorEmail = order.AuthorEmail,
            Settings = order.Settings,
            // Asked once the revert is built on the fetched tip: -WhatIf prints exactly this and stops; -Confirm asks.
            Approve = preview =>
            {
                baseBranch = preview.Branch;
                var target = preview.Remote is null ? $"local branch '{preview.Branch}'" : $"{preview.Remote}/{preview.PushBranch}";
                return approve(preview.Describe(), $"Revert {string.Join(", ", order.Commits)} and {(order.NoPush ? "commit on" : "push to")} {target}?");
            },
        }, log, cancellationToken);
        if (order.PullRequest)
        {
            PullRequestPublisher.Publish(order.Hosting with { RemoteUrl = GitRemoteInfo.RemoteUrl(order.RepositoryPath!, order.Remote) },
                new PullRequestProposal(baseBranch ?? order.Branch ?? "main", results, order.Settings.Reason), log, cancellationToken);
        }
        else if (!order.NoPush)
        {
            PushFollowUp.Reconcile(results, order.RepositoryPath, order.Reconcile, null, cancellationToken);
        }

        return results;
    }

    /// <summary>REST mode: the file-level inverse of each commit through the hosting service's API, no native git.</summary>
    private static IReadOnlyList<RevertResult> ThroughApi(PanicOrder order, Func<string, string, bool> approve, Action<string> log, CancellationToken cancellationToken)
    {
        if (order.Hosting.Provider is null)
        {
            throw new FluxOpsException("RestProviderMissing", FailureKind.InvalidArgument,
                "A hosted repository needs -Provider GitHub, GitLab or AzureDevOps.", order.Hosting.Repository);
        }

        var api = HostingProviders.Connect(order.Hosting);
        var branch = order.Branch ?? "main";
        var results = RestReverter.Run(api, new RestRevertRequest
        {
            Commits = order.Commits,
            Branch = branch,
            Reason = order.Settings.Reason,
            Force = order.Settings.Force,
            KeepImageAutomation = order.Settings.KeepImageAutomation,
            MaxAttempts = order.MaxAttempts,
            AuthorName = order.AuthorName,
            AuthorEmail = order.AuthorEmail,
            Approve = description => approve(description, $"Revert {string.Join(", ", order.Commits)} on {api.Location} {branch}?"),
        }, log, cancellationToken);
        PushFollowUp.Reconcile(results, null, order.Reconcile, null, cancellationToken);
        return results;
    }
}
