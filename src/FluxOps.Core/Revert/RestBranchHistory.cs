using FluxOps.Core.Git;
using FluxOps.Core.Hosting;

namespace FluxOps.Core.Revert;

/// <summary>
/// The newest <c>limit</c> commits of a branch read through a hosting service's REST API, with full messages, so the same
/// <see cref="RevertGuard"/> drives the loop guard as with git. Bounded by design: a commit older than the window counts
/// as not on the branch, and reverts older than it are not counted.
/// </summary>
internal sealed class RestBranchHistory : IRevertLedger
{
    private const int MaxChangedPaths = 1000;
    private readonly IHostedGitApi _api;
    private readonly CancellationToken _cancellation;
    private readonly List<RestCommit> _commits;
    private readonly Dictionary<string, int> _index;

    public RestBranchHistory(IHostedGitApi api, string branch, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
        Branch = branch;
        Limit = limit;
        _cancellation = cancellationToken;
        _commits = api.ListCommits(branch, null, limit, cancellationToken).ToList();
        if (_commits.Count == 0)
        {
            throw new GitOperationException("RemoteBranchNotFound", FailureKind.ObjectNotFound, $"{api.Location} has no branch '{branch}'.", branch);
        }

        _index = _commits.Select((c, i) => (c.Sha, i)).ToDictionary(p => p.Sha, p => p.i, StringComparer.Ordinal);
    }

    public string Branch { get; }

    public int Limit { get; }

    public string TipSha => _commits[0].Sha;

    /// <summary>The commits of the window, newest first.</summary>
    public IReadOnlyList<RestCommit> Commits => _commits;

    /// <summary>Full sha of a listed commit (or abbreviation), else whatever the service resolves; null when unknown.</summary>
    public string? Resolve(string commitish)
    {
        ArgumentNullException.ThrowIfNull(commitish);
        var lower = commitish.ToLowerInvariant();
        return _commits.FirstOrDefault(c => c.Sha.StartsWith(lower, StringComparison.Ordinal))?.Sha ?? _api.GetCommit(commitish, _cancellation)?.Sha;
    }

    public bool IsAncestorOfTip(string sha) => _index.ContainsKey(sha);

    /// <summary>How many commits are newer than <paramref name="sha"/> in the window (the window's size when it is not in it).</summary>
    public int Position(string sha) => _index.TryGetValue(sha, out var position) ? position : _commits.Count;

    /// <summary>The commit, from the window or else from the service.</summary>
    public RestCommit? Commit(string sha) => _index.TryGetValue(sha, out var i) ? _commits[i] : _api.GetCommit(sha, _cancellation);

    public RecordedRevert? RevertRecordOf(string sha) => Commit(sha) is { } commit ? RevertGuard.RecordOf(Text(commit), this) : null;

    public RecordedRevert? FindRevertOf(string sha) =>
        _index.TryGetValue(sha, out var position) ? RevertGuard.FindRevertOf(sha, _commits.Take(position).Select(Text), this) : null;

    /// <summary>FluxOps reverts in the window committed at or after <paramref name="since"/>, newest first.</summary>
    public IReadOnlyList<RecordedRevert> RevertsSince(DateTimeOffset since) =>
        _commits.Where(c => c.When >= since).Select(c => RevertGuard.RecordOf(Text(c), this)).OfType<RecordedRevert>().Where(r => r.MadeByFluxOps).ToList();

    /// <summary>The commit's change against its first parent, read file by file through the API (bounded like the git ledger's).</summary>
    public IReadOnlyList<PathChange>? ChangeOf(string sha)
    {
        // Some lists (Azure DevOps) leave the parents out: then the commit is read on its own.
        if ((Commit(sha) is { Parents.Count: > 0 } listed ? listed : _api.GetCommit(sha, _cancellation)) is not { } commit)
        {
            return null;
        }

        var paths = _api.ChangedPaths(commit, _cancellation);
        if (paths.Count > MaxChangedPaths)
        {
            return null;
        }

        var parent = commit.Parents.Count > 0 ? commit.Parents[0] : null;
        return paths.Select(path => new PathChange(path, parent is null ? null : _api.ReadFile(parent, path, _cancellation), _api.ReadFile(commit.Sha, path, _cancellation))).ToList();
    }

    private static CommitText Text(RestCommit commit) => new(commit.Sha, commit.Message, commit.When);
}
