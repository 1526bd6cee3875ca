using LibGit2Sharp;

namespace FluxOps.Core.Revert;

/// <summary>History questions the revert (and automated rollback) must answer before touching a branch.</summary>
internal static class RevertHistory
{
    /// <summary>True when <paramref name="ancestor"/> is <paramref name="tip"/> or one of its ancestors.</summary>
    public static bool IsReachable(IRepository repository, Commit ancestor, Commit tip)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(ancestor);
        ArgumentNullException.ThrowIfNull(tip);
        return ancestor.Id == tip.Id || repository.ObjectDatabase.FindMergeBase(ancestor, tip)?.Id == ancestor.Id;
    }

    /// <summary>
    /// The commit on <paramref name="tip"/>'s history (after <paramref name="reverted"/>) that reverts it — by FluxOps trailer
    /// or by git's "This reverts commit" line — and that was not itself reverted later. Null when the change is still live.
    /// </summary>
    public static Commit? FindRevertOf(IRepository repository, Commit reverted, Commit tip)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(reverted);
        var newerFirst = repository.Commits.QueryBy(new CommitFilter
        {
            IncludeReachableFrom = tip,
            ExcludeReachableFrom = reverted,
            SortBy = CommitSortStrategies.Topological,
        }).ToList();
        for (var i = 0; i < newerFirst.Count; i++)
        {
            var record = FluxOpsTrailers.Read(newerFirst[i].Message);
            if (record is null || !record.RevertedShas.Contains(reverted.Sha))
            {
                continue;
            }

            var revert = newerFirst[i];
            var undone = newerFirst.Take(i).Any(c => FluxOpsTrailers.Read(c.Message)?.RevertedShas.Contains(revert.Sha) == true);
            return undone ? null : revert;
        }

        return null;
    }

    /// <summary>Every FluxOps revert on the history of <paramref name="tip"/> since <paramref name="since"/>, newest first.</summary>
    public static IEnumerable<(Commit Commit, FluxOpsRevertRecord Record)> FluxOpsReverts(IRepository repository, Commit tip, DateTimeOffset? since = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        foreach (var commit in repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Time }))
        {
            if (since is { } limit && commit.Committer.When < limit)
            {
                yield break;
            }

            if (FluxOpsTrailers.Read(commit.Message) is { MadeByFluxOps: true } record)
            {
                yield return (commit, record);
            }
        }
    }

    /// <summary>Orders commits newest first along <paramref name="tip"/>'s history (children before parents).</summary>
    public static List<Commit> NewestFirst(IRepository repository, Commit tip, IReadOnlyList<Commit> commits)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(commits);
        if (commits.Count <= 1)
        {
            return commits.ToList();
        }

        var pending = commits.GroupBy(c => c.Sha).ToDictionary(g => g.Key, g => g.First());
        var ordered = new List<Commit>(pending.Count);
        foreach (var commit in repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Topological }))
        {
            if (pending.Remove(commit.Sha))
            {
                ordered.Add(commit);
            }

            if (pending.Count == 0)
            {
                break;
            }
        }

        ordered.AddRange(pending.Values);
        return ordered;
    }
}
