using FluxOps.Core.Git;
using FluxOps.Models;

namespace FluxOps.Core.Hosting;

/// <summary>What a pull request proposes: reverts pushed to their own branch, to merge into <see cref="BaseBranch"/>.</summary>
internal sealed record PullRequestProposal(string BaseBranch, IReadOnlyList<RevertResult> Reverts, string? Reason)
{
    /// <summary>The Flux event that triggered an automated rollback; null for a revert a person asked for.</summary>
    public FluxEvent? Event { get; init; }
}

/// <summary>
/// Opens the pull (merge) request for reverts that were pushed to their own branch (the watched branch stays
/// untouched until a person merges), with the title and body FluxOps writes for every provider, and records its URL on
/// each pushed revert. Used by Invoke-FluxRevert -PullRequest and Invoke-FluxRollback -PullRequest.
/// </summary>
internal static class PullRequestPublisher
{
    /// <summary>Opens the pull request and returns its URL; null when nothing was pushed (there is nothing to propose).</summary>
    public static string? Publish(HostingTarget target, PullRequestProposal proposal, Action<string>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(proposal);
        var pushed = proposal.Reverts.Where(r => r.Pushed).ToList();
        if (pushed.Count == 0)
        {
            return null;
        }

        var head = pushed[0].Branch is { Length: > 0 } branch ? branch
            : throw new GitOperationException("PullRequestFailed", FailureKind.InvalidOperation, "The revert was pushed without a branch name to propose.");
        var url = Open(target, new PullRequestRequest(head, proposal.BaseBranch, Title(proposal, pushed), Body(proposal, pushed)), log, cancellationToken);
        foreach (var revert in pushed)
        {
            revert.PullRequestUrl = url;
        }

        return url;
    }

    /// <summary>Opens a pull request with the given title and body (sent once, never repeated) and returns its URL.</summary>
    public static string Open(HostingTarget target, PullRequestRequest request, Action<string>? log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = HostingProviders.Connect(target);
        log?.Invoke($"Opening a {HostingClient.Name(client.Provider)} pull request from {request.HeadBranch} into {request.BaseBranch}.");
        return client.OpenPullRequest(request, cancellationToken);
    }

    /// <summary>
    /// For a revert whose proposal branch already exists (another receiver, or an earlier event, proposed it): the pull
    /// request that branch has, open or closed, recorded on every revert of the proposal; when it has none yet (its
    /// writer stopped between push and pull request) one is opened now. The service keeps at most one open pull request
    /// per branch pair, so two writers doing this at once end with the same one.
    /// </summary>
    public static PullRequestInfo Adopt(IHostedGitApi client, string head, PullRequestProposal proposal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(proposal);
        var found = client.FindPullRequest(head, proposal.BaseBranch, cancellationToken)
            ?? new PullRequestInfo(client.OpenPullRequest(new PullRequestRequest(head, proposal.BaseBranch, Title(proposal, proposal.Reverts), Body(proposal, proposal.Reverts)), cancellationToken), true);
        foreach (var revert in proposal.Reverts)
        {
            revert.Skipped = true;
            revert.PullRequestUrl = found.Url;
            revert.SkipReason = found.Open
                ? $"{Short(revert.RevertedSha)} is already proposed in {found.Url} (branch {head})."
                : $"{Short(revert.RevertedSha)} was already proposed in {found.Url} (branch {head}), which is closed; delete the branch to propose it again.";
        }

        return found;
    }

    public static string Title(PullRequestProposal proposal, IReadOnlyList<RevertResult> pushed)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(pushed);
        return $"Revert {string.Join(", ", pushed.Select(r => Short(r.RevertedSha)))} ({(proposal.Event is null ? "FluxOps" : "FluxOps rollback")})";
    }

    public static string Body(PullRequestProposal proposal, IReadOnlyList<RevertResult> pushed)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        ArgumentNullException.ThrowIfNull(pushed);
        var what = proposal.Event is null ? "FluxOps reverted" : "FluxOps automated rollback reverted";
        var body = $"{what} {string.Join(", ", pushed.Select(r => r.RevertedSha))} on `{proposal.BaseBranch}`.";
        if (!string.IsNullOrWhiteSpace(proposal.Reason))
        {
            body += $"\n\nReason: {proposal.Reason}";
        }

        if (proposal.Event is { } flux)
        {
            body += $"\n\nFlux event: {flux} at revision `{flux.Revision}`.";
        }

        return body;
    }

    private static string Short(string sha) => sha.Length > 7 ? sha[..7] : sha;
}
