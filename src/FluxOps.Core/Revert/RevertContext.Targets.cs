using FluxOps.Core.Git;

namespace FluxOps.Core.Revert;

/// <summary>Where a run's commit goes (the watched branch or a new pull-request branch), shared by reverts and resumes.</summary>
internal sealed partial class RevertContext
{
    /// <summary>Who the run's commits are authored by.</summary>
    public GitIdentity Identity => _identity;

    /// <summary>Targets the watched branch itself.</summary>
    public void TargetWatchedBranch() => PushTarget = Branch;

    /// <summary>
    /// Targets a new branch for a pull request instead of the watched one. Returns true when that branch already exists on
    /// the remote (the change is already proposed); asked only when something would be pushed.
    /// </summary>
    public bool ProposeOn(string branch, bool somethingToPush)
    {
        PushTarget = branch;
        var trackingPushRef = $"refs/remotes/{Remote}/{PushTarget}";
        if (Transport is null || !somethingToPush)
        {
            return false;
        }

        if (_repository.Refs[trackingPushRef] is not null)
        {
            _repository.Refs.Remove(trackingPushRef); // a stale copy must not pass for "already proposed"
        }

        return Transport.Fetch(_repository, Remote, PushTarget, trackingPushRef, CancellationToken.None);
    }

    /// <summary>Why a FluxOps revert inside a batch of commits is skipped rather than reverted (the cmdlet warns with it).</summary>
    public static string IsRevertSkipReason(string sha, RecordedRevert record) =>
        $"{sha[..Math.Min(7, sha.Length)]} is itself a FluxOps revert (of {string.Join(", ", record.RevertedShas.Select(s => s[..Math.Min(7, s.Length)]))}); " +
        "reverting it would re-apply that change, so it was left out of the batch. Pass it alone with -Force if that is intended.";
}
