namespace FluxOps.Core.Hosting;

/// <summary>A commit as a hosting service's REST API reports it (full message, committer date, parents).</summary>
internal sealed record RestCommit(string Sha, string Message, DateTimeOffset When, IReadOnlyList<string> Parents)
{
    /// <summary>The commit's root tree, when the API gave it (GitHub needs it to build the revert tree).</summary>
    public string? TreeSha { get; init; }

    public string Summary => Message.Split('\n', 2)[0].TrimEnd('\r');
}

internal enum RestFileActionKind
{
    Create,
    Update,
    Delete,
}

/// <summary>One file the revert writes: its full new content (null for a delete).</summary>
internal sealed record RestFileAction(RestFileActionKind Kind, string Path, byte[]? Content);

/// <summary>
/// A commit to put on <see cref="Branch"/> only if the branch is still at <see cref="ExpectedTip"/> (or, where the
/// service only checks files, only if the touched files were last changed by <see cref="LastCommitId"/>).
/// </summary>
internal sealed record RestCommitRequest(string Branch, string ExpectedTip, string LastCommitId, string Message, IReadOnlyList<RestFileAction> Actions, string AuthorName, string AuthorEmail);

/// <summary>The branch (or a touched file) moved between our read and our write; nothing was written.</summary>
internal sealed class RestBranchMovedException : Exception
{
    public RestBranchMovedException(string message)
        : base(message)
    {
    }

    public RestBranchMovedException()
    {
    }

    public RestBranchMovedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The few calls a revert without native git needs from a hosting service. Implementations never put the token into
/// a message; every failure is a <see cref="FluxOpsException"/> (or <see cref="RestBranchMovedException"/>).
/// </summary>
internal interface IHostedGitApi
{
    /// <summary>What the API talks to, for messages (e.g. "GitHub acme/fleet"); never contains the token.</summary>
    string Location { get; }

    /// <summary>Commits reachable from <paramref name="refOrSha"/>, newest first, at most <paramref name="limit"/>, optionally only those touching <paramref name="path"/>.</summary>
    IReadOnlyList<RestCommit> ListCommits(string refOrSha, string? path, int limit, CancellationToken cancellationToken);

    /// <summary>The commit, or null when the service does not know it.</summary>
    RestCommit? GetCommit(string sha, CancellationToken cancellationToken);

    /// <summary>Every path the commit changed against its first parent (both sides of a rename).</summary>
    IReadOnlyList<string> ChangedPaths(RestCommit commit, CancellationToken cancellationToken);

    /// <summary>The file's bytes at the commit, or null when it does not exist there.</summary>
    byte[]? ReadFile(string commitSha, string path, CancellationToken cancellationToken);

    /// <summary>Writes the commit; throws <see cref="RestBranchMovedException"/> when the compare-and-swap fails.</summary>
    string Commit(RestCommitRequest request, CancellationToken cancellationToken);
}
