using LibGit2Sharp;

namespace FluxOps.Core.Revert;

/// <summary>The loop guard's view of a branch in a local repository, at a given tip.</summary>
internal sealed class GitRevertLedger(IRepository repository, Commit tip) : IRevertLedger
{
    public RecordedRevert? RevertRecordOf(string sha) =>
        repository.Lookup<Commit>(sha) is { } commit ? RevertGuard.RecordOf(Text(commit)) : null;

    public RecordedRevert? FindRevertOf(string sha)
    {
        if (repository.Lookup<Commit>(sha) is not { } reverted)
        {
            return null;
        }

        var newerFirst = repository.Commits.QueryBy(new CommitFilter
        {
            IncludeReachableFrom = tip,
            ExcludeReachableFrom = reverted,
            SortBy = CommitSortStrategies.Topological,
        });
        return RevertGuard.FindRevertOf(reverted.Sha, newerFirst.Select(Text));
    }

    /// <summary>Every FluxOps revert on the branch since <paramref name="since"/>, newest first.</summary>
    public IEnumerable<RecordedRevert> FluxOpsReverts(DateTimeOffset? since = null)
    {
        foreach (var commit in repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Time }))
        {
            if (since is { } limit && commit.Committer.When < limit)
            {
                yield break;
            }

            if (RevertGuard.RecordOf(Text(commit)) is { MadeByFluxOps: true } record)
            {
                yield return record;
            }
        }
    }

    private static CommitText Text(Commit commit) => new(commit.Sha, commit.Message, commit.Committer.When);
}
