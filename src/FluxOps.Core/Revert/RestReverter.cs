using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Models;

namespace FluxOps.Core.Revert;

/// <summary>What Invoke-FluxRevert asks of a REST revert.</summary>
internal sealed class RestRevertRequest
{
    public required IReadOnlyList<string> Commits { get; init; }

    public required string Branch { get; init; }

    public string? Reason { get; init; }

    public bool Force { get; init; }

    public bool KeepImageAutomation { get; init; }

    public int MaxAttempts { get; init; } = 5;

    /// <summary>The revert's author; default GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL, else FluxOps.</summary>
    public string? AuthorName { get; init; }

    public string? AuthorEmail { get; init; }

    public int HistoryLimit { get; init; } = RestBranchHistory.DefaultMaxCommits;

    /// <summary>Asked with a description of the planned revert before anything is written (-WhatIf / -Confirm).</summary>
    public Func<string, bool> Approve { get; init; } = _ => true;
}

/// <summary>
/// Invoke-FluxRevert without native git: each commit (newest first) is reverted as its file-level inverse through the
/// hosting service's API, with the same loop protection as the git path (a FluxOps revert is not reverted without
/// -Force, a commit already reverted is Skipped). When the branch moves between read and write, the commit is
/// re-read and re-planned on the new tip, up to <see cref="RestRevertRequest.MaxAttempts"/> times.
/// </summary>
internal static class RestReverter
{
    public static IReadOnlyList<RevertResult> Run(IHostedGitApi api, RestRevertRequest request, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Commits.Count == 0)
        {
            throw new GitOperationException("NoCommitGiven", FailureKind.InvalidArgument, "Give at least one commit to revert.");
        }

        var history = new RestBranchHistory(api, request.Branch, request.HistoryLimit, cancellationToken);
        var ordered = request.Commits.Select(c => Resolve(history, api, c, request.Branch)).Distinct(StringComparer.Ordinal)
            .OrderBy(history.Position).ToList(); // fewest newer commits = newest
        var results = new List<RevertResult>();
        foreach (var sha in ordered)
        {
            if (RevertOne(api, request, sha, ordered.Count > 1, log, cancellationToken) is { } result)
            {
                results.Add(result);
            }
        }

        return results;
    }

    private static RevertResult? RevertOne(IHostedGitApi api, RestRevertRequest request, string sha, bool batch, Action<string>? log, CancellationToken cancellationToken)
    {
        var (author, email) = GitIdentity.Unattended(request.AuthorName, request.AuthorEmail);
        for (var attempt = 1; ; attempt++)
        {
            var history = new RestBranchHistory(api, request.Branch, request.HistoryLimit, cancellationToken);
            var result = new RevertResult { RevertedSha = sha, Remote = api.Location, Branch = request.Branch, Attempts = attempt };
            var guard = RevertGuard.Check(sha, history, request.Force ? RevertGuardRule.PersonForced : RevertGuardRule.Person);
            if (guard.Outcome == GuardOutcome.IsRevert && batch)
            {
                // A range that includes earlier reverts: skip them (with a warning from the cmdlet), revert the rest.
                result.Skipped = true;
                result.SkipReason = RevertContext.IsRevertSkipReason(sha, guard.Record!);
                return result;
            }

            if (guard.Outcome == GuardOutcome.IsRevert)
            {
                throw new GitOperationException("RevertOfFluxOpsRevert", FailureKind.InvalidOperation,
                    $"{sha[..7]} is itself a FluxOps revert (of {string.Join(", ", guard.Record!.RevertedShas.Select(s => s[..Math.Min(7, s.Length)]))}); pass -Force to revert it anyway.", sha);
            }

            if (guard.Outcome == GuardOutcome.AlreadyReverted)
            {
                result.Skipped = true;
                result.SkipReason = $"{sha[..7]} was already reverted on {request.Branch} by {guard.Record!.RevertSha[..7]}.";
                return result;
            }

            var plan = InverseCommitPlanner.Plan(api, sha, history.TipSha, request.Reason, cancellationToken, request.KeepImageAutomation, RevertOrigin.Person(author, email));
            result.PausedMarkers = plan.PausedMarkers;
            result.BadImages = plan.BadImages;
            if (plan.Actions.Count == 0)
            {
                result.Skipped = true;
                result.SkipReason = $"the files {sha[..7]} touched already have their earlier content on {request.Branch}; nothing to revert.";
                return result;
            }

            var what = string.Join(", ", plan.Actions.Select(a => $"{a.Kind.ToString().ToLowerInvariant()} {a.Path}"));
            if (!request.Approve($"{api.Location} {request.Branch} at {history.TipSha[..7]}: revert {sha[..7]} \"{plan.Bad.Summary}\" ({what})"))
            {
                return null;
            }

            try
            {
                result.RevertSha = api.Commit(new RestCommitRequest(request.Branch, history.TipSha, sha, plan.Message, plan.Actions, author, email), cancellationToken);
                result.Pushed = true;
                return result;
            }
            catch (RestBranchMovedException ex) when (attempt < request.MaxAttempts)
            {
                log?.Invoke($"{ex.Message} Re-reading and trying again (attempt {attempt + 1} of {request.MaxAttempts}).");
            }
            catch (RestBranchMovedException ex)
            {
                throw new GitOperationException("PushRetriesExhausted", FailureKind.PushRejected,
                    $"{request.Branch} kept moving: gave up after {attempt} attempts. {ex.Message}", sha, ex);
            }
        }
    }

    private static string Resolve(RestBranchHistory history, IHostedGitApi api, string commitish, string branch)
    {
        var sha = history.Resolve(commitish)
            ?? throw new GitOperationException("RestCommitNotFound", FailureKind.ObjectNotFound, $"{api.Location} does not know commit {commitish}.", commitish);
        return history.IsAncestorOfTip(sha) ? sha
            : throw new GitOperationException("CommitNotOnBranch", FailureKind.InvalidArgument,
                $"{sha[..7]} is not among the newest commits of {branch} on {api.Location}; nothing was reverted.", sha);
    }
}
