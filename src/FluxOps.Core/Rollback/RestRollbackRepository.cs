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
/// </summary>
internal sealed class RestRollbackRepository(IHostedGitApi api, string branch, int historyLimit = 100) : IRollbackRepository
{
    private string? _decidedAtTip;

    public string Location => api.Location;

    public string Branch { get; } = string.IsNullOrWhiteSpace(branch) ? "main" : branch;

    public IRollbackHistory Refresh(CancellationToken cancellationToken)
    {
        var history = new RestRollbackHistory(api, Branch, historyLimit, cancellationToken);
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
        try
        {
            result.RevertSha = api.Commit(new RestCommitRequest(Branch, tip, plan.Bad.Sha, plan.Message, plan.Actions, author, email), cancellationToken);
            result.Pushed = true;
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
