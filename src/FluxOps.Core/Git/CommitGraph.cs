using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>Ancestry questions about commits in one repository.</summary>
internal static class CommitGraph
{
    /// <summary>True when <paramref name="ancestor"/> is <paramref name="tip"/> or one of its ancestors.</summary>
    public static bool IsReachable(IRepository repository, Commit ancestor, Commit tip)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(ancestor);
        ArgumentNullException.ThrowIfNull(tip);
        return ancestor.Id == tip.Id || repository.ObjectDatabase.FindMergeBase(ancestor, tip)?.Id == ancestor.Id;
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
