namespace FluxOps.Core.Git;

/// <summary>What the history walk needs of one commit: its committer time (unix seconds), root tree and parents.</summary>
internal readonly record struct CommitHeader(long Time, GitOid Tree, GitOid[] Parents);

/// <summary>Reads commits and compares trees under a path filter for <see cref="RevisionWalk"/>.</summary>
internal interface ICommitSource
{
    /// <summary>True when the walk is limited to paths (git's pruning); false means every commit counts as a change.</summary>
    bool HasPaths { get; }

    /// <summary>How many commits were read so far: shows how far a walk went (a lazy walk stops early).</summary>
    int CommitsRead { get; }

    /// <summary>Reads a commit; false when the object is not in the repository.</summary>
    bool TryRead(GitOid id, out CommitHeader header);

    /// <summary>
    /// True when nothing at or under the filter's paths differs between two root trees (git's TREESAME: same ids and
    /// modes). <paramref name="before"/> null is the empty tree (a root commit).
    /// </summary>
    bool SameUnderPaths(GitOid? before, GitOid after);
}
