using FluxOps.Core.Git;
using LibGit2Sharp;

namespace FluxOps.Core.Revert;

/// <summary>
/// Brings the local branch up to a revert that is already on the remote, the way <c>git merge --ff-only</c> does and
/// never the way <c>git reset --hard</c> does. The working tree was clean when the revert started, but a push can be
/// slow and a person keeps working: only the files the revert changes are written, each only if it still matches the
/// old tip (libgit2's safe checkout refuses otherwise, before writing anything), and the branch moves after them. An
/// edit to any other file is simply kept; an edit to a file the revert changes keeps the branch where it was.
/// </summary>
internal static class LocalBranchMove
{
    public static void FastForward(Repository repository, string branch, Commit newTip, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(newTip);
        ArgumentNullException.ThrowIfNull(log);
        var local = repository.Branches[branch];
        if (local is null || local.IsRemote)
        {
            return;
        }

        var oldTip = local.Tip;
        if (!CommitGraph.IsReachable(repository, oldTip, newTip))
        {
            log($"Local branch '{branch}' was not updated: it has diverged from {newTip.Sha[..7]}.");
            return;
        }

        if (!repository.Info.IsBare && !repository.Info.IsHeadDetached && repository.Head.CanonicalName == local.CanonicalName)
        {
            var paths = repository.Diff.Compare<TreeChanges>(oldTip.Tree, newTip.Tree, new CompareOptions { Similarity = SimilarityOptions.None })
                .SelectMany(c => new[] { c.OldPath, c.Path }).Where(p => !string.IsNullOrEmpty(p)).Distinct(StringComparer.Ordinal).ToList();
            try
            {
                if (paths.Count > 0)
                {
                    // Safe checkout (no Force): a file that differs from the old tip is a conflict, and nothing is written.
                    repository.CheckoutPaths(newTip.Sha, paths, new CheckoutOptions());
                }
            }
            catch (CheckoutConflictException)
            {
                var edited = paths.Where(p => repository.RetrieveStatus(p) is not (FileStatus.Unaltered or FileStatus.Nonexistent or FileStatus.Ignored)).ToList();
                log($"Local branch '{branch}' stays at {oldTip.Sha[..7]}: {string.Join(", ", edited.Count > 0 ? edited : paths)} changed in the working tree " +
                    $"while the revert was pushed, and FluxOps never overwrites local work. The revert {newTip.Sha[..7]} is on the remote; " +
                    "commit or stash your edit, then 'git pull --ff-only'.");
                return;
            }
        }

        repository.Refs.UpdateTarget(local.Reference, newTip.Id, "fluxops: revert (fast-forward)");
        log($"Local branch '{branch}' fast-forwarded to {newTip.Sha[..7]}.");
    }
}
