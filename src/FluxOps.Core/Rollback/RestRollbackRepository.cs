using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;
using FluxOps.Models;

namespace FluxOps.Core.Rollback;

/// <summary>
/// The rollback repository without native git (Azure Automation sandboxes that refuse libgit2): the history is read
/// and the revert written through the hosting service's REST API. The revert is the file-level inverse of the bad
/// commit on the tip the decision was made at (<see cref="InverseCommitPlanner"/>), written with a compare-and-swap;
/// when the branch moved meanwhile nothing is written and the result is Skipped, so the engine re-reads and re-decides.
/// With <see cref="PullRequestBranch"/> the revert is written to a new branch created with it in one step, and a pull
/// request is opened; the branch is the lock, and a second writer finds the pull request instead of opening another.
/// </summary>
internal sealed class RestRollbackRepository(IHostedGitApi api, string branch, int historyLimit = RestBranchHistory.DefaultMaxCommits) : IRollbackRepository
{
    private readonly RestBlobCache _blobs = new();
    private string? _decidedAtTip;

    public string Location => api.Location;

    public string Branch { get; } = string.IsNullOrWhiteSpace(branch) ? "main" : branch;

    /// <summary>How far back the branch is read for time questions: the longer of the cooldown and the circuit-breaker window.</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromHours(1);

    /// <summary>When set (e.g. <c>fluxops/revert-{shortsha}</c>), the revert is proposed from this new branch instead of written to <see cref="Branch"/>.</summary>
    public string? PullRequestBranch { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public IRollbackHistory Refresh(CancellationToken cancellationToken)
    {
        var horizon = Clock.GetUtcNow() - Lookback;
        var history = new RestRollbackHistory(api, new RestBranchHistory(api, Branch, horizon, historyLimit, cancellationToken), _blobs, cancellationToken);
        _decidedAtTip = history.TipSha;
        return history;
    }

    public RevertResult Revert(string badSha, string reason, FluxEvent trigger, CancellationToken cancellationToken)
    {
        var tip = _decidedAtTip ?? Refresh(cancellationToken).TipSha;
        var plan = InverseCommitPlanner.Plan(api, badSha, tip, reason, cancellationToken, origin: RevertOrigin.Automation());
        var result = new RevertResult { RevertedSha = plan.Bad.Sha, Remote = Location, Branch = Branch, Attempts = 1, PausedMarkers = plan.PausedMarkers, BadImages = plan.BadImages };
        if (plan.Actions.Count == 0)
        {
            result.Skipped = true;
            result.SkipReason = $"the files {plan.Bad.Sha[..7]} touched already have their earlier content on {Branch}; nothing to revert.";
            return result;
        }

        var (author, email) = GitIdentity.Unattended(null, null);
        var head = PullRequestBranch?.Replace("{shortsha}", plan.Bad.Sha[..7], StringComparison.Ordinal);
        var proposal = new PullRequestProposal(Branch, [result], reason) { Event = trigger };
        try
        {
            result.RevertSha = api.Commit(new RestCommitRequest(head ?? Branch, tip, plan.Bad.Sha, plan.Message, plan.Actions, author, email) { NewBranch = head is not null }, cancellationToken);
            result.Pushed = true;
            if (head is not null)
            {
                result.Branch = head;
                result.PullRequestUrl = api.OpenPullRequest(new PullRequestRequest(head, Branch, PullRequestPublisher.Title(proposal, [result]), PullRequestPublisher.Body(proposal, [result])), cancellationToken);
            }
        }
        catch (RestBranchExistsException)
        {
            PullRequestPublisher.Adopt(api, head!, proposal, cancellationToken);
        }
        catch (RestBranchMovedException ex)
        {
            result.Skipped = true;
            result.SkipReason = ex.Message;
        }
        finally
        {
            _decidedAtTip = null; // the next revert decides on a fresh read
        }

        return result;
    }
}
