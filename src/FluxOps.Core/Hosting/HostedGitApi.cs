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

/// <summary>
/// One file the revert writes: its full new content (null for a delete) and, where the service keeps it, its git mode
/// (100644, 100755 executable, 120000 symlink whose content is the link target); null writes a regular file.
/// </summary>
internal sealed record RestFileAction(RestFileActionKind Kind, string Path, byte[]? Content, string? Mode = null);

/// <summary>A file at a commit: its git mode when the service tells it (null when it does not) and its bytes.</summary>
internal sealed record RestEntry(string? Mode, byte[] Content);

/// <summary>A file in a commit's tree: its path, git mode (null when the service does not tell) and blob id.</summary>
internal sealed record RestTreeEntry(string Path, string? Mode, string BlobId);

/// <summary>A pull (merge) request found for a head branch: where it is and whether it is still open.</summary>
internal sealed record PullRequestInfo(string Url, bool Open);

/// <summary>
/// A commit to put on <see cref="Branch"/> only if the branch is still at <see cref="ExpectedTip"/> (or, where the
/// service only checks files, only if the touched files were last changed by <see cref="LastCommitId"/>).
/// </summary>
internal sealed record RestCommitRequest(string Branch, string ExpectedTip, string LastCommitId, string Message, IReadOnlyList<RestFileAction> Actions, string AuthorName, string AuthorEmail)
{
    /// <summary>
    /// Create <see cref="Branch"/> with the commit (parent <see cref="ExpectedTip"/>) in one step, for a pull request: the
    /// branch never exists without the revert, and a second writer gets <see cref="RestBranchExistsException"/>.
    /// </summary>
    public bool NewBranch { get; init; }
}

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

/// <summary>The branch a pull request was to be proposed from already exists (another writer proposed it); nothing was written.</summary>
internal sealed class RestBranchExistsException : Exception
{
    public RestBranchExistsException(string message)
        : base(message)
    {
    }

    public RestBranchExistsException()
    {
    }

    public RestBranchExistsException(string message, Exception inner)
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

    /// <summary>One page (1-based) of the branch's commits, newest first; empty past the end.</summary>
    IReadOnlyList<RestCommit> ListCommitPage(string branch, int page, int perPage, CancellationToken cancellationToken);

    /// <summary>The commit the branch points at, or null when there is no such branch.</summary>
    string? BranchTip(string branch, CancellationToken cancellationToken);

    /// <summary>Every file (blob and symlink) in the commit's tree, with its path relative to the root.</summary>
    IReadOnlyList<RestTreeEntry> ListTree(string commitSha, CancellationToken cancellationToken);

    /// <summary>The file's bytes and, where the service tells it, its mode; null when it does not exist there.</summary>
    RestEntry? ReadEntry(string commitSha, string path, CancellationToken cancellationToken);

    /// <summary>Opens the pull (merge) request and returns its web URL. Sent once: a second POST would open a second one.</summary>
    string OpenPullRequest(PullRequestRequest request, CancellationToken cancellationToken);

    /// <summary>The newest pull (merge) request from <paramref name="head"/> into <paramref name="baseBranch"/>, open or not; null when none.</summary>
    PullRequestInfo? FindPullRequest(string head, string baseBranch, CancellationToken cancellationToken);
}
