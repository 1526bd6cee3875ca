using FluxOps.Core.Git;
using FluxOps.Core.Hosting;

namespace FluxOps.Core.Revert;

/// <summary>
/// A branch's commits read through a hosting service's REST API, newest first, with full messages, so the same
/// <see cref="RevertGuard"/> drives the loop guard as with git. Pages are read as the questions need them: time questions
/// (cooldown, circuit breaker) page back to the <see cref="Horizon"/> (never further), commit questions page until the
/// commit is found. Bounded by <see cref="MaxCommits"/>: an older commit counts as not on the branch.
/// </summary>
internal sealed class RestBranchHistory : IRevertLedger
{
    public const int PageSize = 100;

    /// <summary>How far a commit question pages back by default: 100 pages.</summary>
    public const int DefaultMaxCommits = 10_000;

    private readonly IHostedGitApi _api;
    private readonly CancellationToken _cancellation;
    private readonly List<RestCommit> _commits = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private bool _exhausted;

    /// <param name="horizon">The oldest commit time a time question needs (now minus the longest window); the first page is always read.</param>
    /// <param name="maxCommits">The most commits ever read.</param>
    public RestBranchHistory(IHostedGitApi api, string branch, DateTimeOffset horizon, int maxCommits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
        Branch = branch;
        Horizon = horizon;
        MaxCommits = Math.Max(1, maxCommits);
        _cancellation = cancellationToken;
        NextPage();
        if (_commits.Count == 0)
        {
            throw new GitOperationException("RemoteBranchNotFound", FailureKind.ObjectNotFound,
                $"{api.Location} has no branch '{branch}' (or the repository does not exist, or the token cannot see it).", branch);
        }
    }

    /// <summary>The newest <paramref name="limit"/> commits are searched for commits; time questions see the first page.</summary>
    public RestBranchHistory(IHostedGitApi api, string branch, int limit, CancellationToken cancellationToken)
        : this(api, branch, DateTimeOffset.MaxValue, limit, cancellationToken)
    {
    }

    public string Branch { get; }

    public DateTimeOffset Horizon { get; }

    public int MaxCommits { get; }

    public string TipSha => _commits[0].Sha;

    /// <summary>The commits read so far, newest first (time and commit questions read more).</summary>
    public IReadOnlyList<RestCommit> Commits => _commits;

    /// <summary>How many pages were read (for logs and tests).</summary>
    public int PagesRead { get; private set; }

    /// <summary>Full sha of a listed commit (or abbreviation), else whatever the service resolves; null when unknown.</summary>
    public string? Resolve(string commitish)
    {
        ArgumentNullException.ThrowIfNull(commitish);
        var lower = commitish.ToLowerInvariant();
        return _commits.FirstOrDefault(c => c.Sha.StartsWith(lower, StringComparison.Ordinal))?.Sha ?? _api.GetCommit(commitish, _cancellation)?.Sha;
    }

    public bool IsAncestorOfTip(string sha) => Find(sha) >= 0;

    /// <summary>How many commits are newer than <paramref name="sha"/> (the number read when it is not on the branch).</summary>
    public int Position(string sha) => Find(sha) is var position and >= 0 ? position : _commits.Count;

    /// <summary>The commit, from the branch or else from the service.</summary>
    public RestCommit? Commit(string sha) => Find(sha) is var i and >= 0 ? _commits[i] : _api.GetCommit(sha, _cancellation);

    public RecordedRevert? RevertRecordOf(string sha) => Commit(sha) is { } commit ? RevertGuard.RecordOf(Text(commit)) : null;

    public RecordedRevert? FindRevertOf(string sha) =>
        Find(sha) is var position and >= 0 ? RevertGuard.FindRevertOf(sha, _commits.Take(position).Select(Text)) : null;

    /// <summary>
    /// FluxOps reverts committed at or after <paramref name="since"/>, newest first. Pages back to <paramref name="since"/>
    /// but not past the <see cref="Horizon"/>: an earlier question (e.g. every revert ever) gets what was read.
    /// </summary>
    public IReadOnlyList<RecordedRevert> RevertsSince(DateTimeOffset since)
    {
        var needed = since > Horizon ? since : Horizon;
        while (_commits[^1].When >= needed && NextPage())
        {
        }

        return _commits.Where(c => c.When >= since).Select(c => RevertGuard.RecordOf(Text(c))).OfType<RecordedRevert>().Where(r => r.MadeByFluxOps).ToList();
    }

    /// <summary>The position of a commit already read, or -1: never reads another page.</summary>
    public int PositionRead(string sha) => _index.TryGetValue(sha, out var position) ? position : -1;

    private int Find(string sha)
    {
        while (!_index.ContainsKey(sha) && NextPage())
        {
        }

        return _index.TryGetValue(sha, out var position) ? position : -1;
    }

    private bool NextPage()
    {
        if (_exhausted || _commits.Count >= MaxCommits)
        {
            return false;
        }

        var perPage = Math.Min(PageSize, MaxCommits);
        var page = _api.ListCommitPage(Branch, PagesRead + 1, perPage, _cancellation);
        PagesRead++;
        foreach (var commit in page.Take(MaxCommits - _commits.Count))
        {
            if (_index.TryAdd(commit.Sha, _commits.Count))
            {
                _commits.Add(commit);
            }
        }

        _exhausted = page.Count < perPage;
        return page.Count > 0;
    }

    private static CommitText Text(RestCommit commit) => new(commit.Sha, commit.Message, commit.When);
}
