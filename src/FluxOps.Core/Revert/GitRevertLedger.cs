using LibGit2Sharp;

namespace FluxOps.Core.Revert;

/// <summary>The loop guard's view of a branch in a local repository, at a given tip.</summary>
internal sealed class GitRevertLedger(IRepository repository, Commit tip) : IRevertLedger
{
    // A revert claim is checked against the commit's change; beyond these bounds the claim simply does not count.
    private const int MaxChangedPaths = 1000;
    private const long MaxBlobBytes = 16L * 1024 * 1024;

    public RecordedRevert? RevertRecordOf(string sha) =>
        repository.Lookup<Commit>(sha) is { } commit ? RevertGuard.RecordOf(Text(commit), this) : null;

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
        return RevertGuard.FindRevertOf(reverted.Sha, newerFirst.Select(Text), this);
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

            if (RevertGuard.RecordOf(Text(commit), this) is { MadeByFluxOps: true } record)
            {
                yield return record;
            }
        }
    }

    /// <summary>The commit's change against its first parent (git revert -m 1 reverts a merge against it too), no rename detection.</summary>
    public IReadOnlyList<PathChange>? ChangeOf(string sha)
    {
        if (repository.Lookup<Commit>(sha) is not { } commit)
        {
            return null;
        }

        var parent = commit.Parents.FirstOrDefault();
        var changes = repository.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree, new CompareOptions { Similarity = SimilarityOptions.None });
        if (changes.Count > MaxChangedPaths)
        {
            return null;
        }

        return changes.Select(c => c.Status == ChangeKind.Deleted
                ? new PathChange(c.OldPath, Bytes(parent?.Tree[c.OldPath]), null)
                : new PathChange(c.Path, c.Status == ChangeKind.Added ? null : Bytes(parent?.Tree[c.OldPath]), Bytes(commit.Tree[c.Path])))
            .ToList();
    }

    private static byte[]? Bytes(TreeEntry? entry) => entry?.Target switch
    {
        null => null,
        Blob blob when blob.Size <= MaxBlobBytes => ReadAll(blob),
        // Submodules and oversized blobs compare by object id (both sides come from the same object database).
        var other => System.Text.Encoding.ASCII.GetBytes("object " + other.Sha + "\0"),
    };

    private static byte[] ReadAll(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var buffer = new MemoryStream((int)blob.Size);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static CommitText Text(Commit commit) => new(commit.Sha, commit.Message, commit.Committer.When);
}
