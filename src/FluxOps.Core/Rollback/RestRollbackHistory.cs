using System.Text;
using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;

namespace FluxOps.Core.Rollback;

/// <summary>
/// <see cref="IRollbackHistory"/> read through a hosting service's REST API: the newest <c>limit</c> commits of the
/// branch (with full messages, so the same <see cref="FluxOpsTrailers"/> drive the loop guard). Bounded by design: a
/// commit older than that window counts as not on the branch, and reverts older than it are not counted.
/// Without a tree walk the Kustomization's and HelmRelease's manifests are not indexed: the scope is the whole repository.
/// </summary>
internal sealed class RestRollbackHistory : IRollbackHistory
{
    private readonly IHostedGitApi _api;
    private readonly string _branch;
    private readonly int _limit;
    private readonly CancellationToken _cancellation;
    private readonly List<RestCommit> _commits;
    private readonly Dictionary<string, int> _index;

    public RestRollbackHistory(IHostedGitApi api, string branch, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        _api = api;
        _branch = branch;
        _limit = limit;
        _cancellation = cancellationToken;
        _commits = api.ListCommits(branch, null, limit, cancellationToken).ToList();
        if (_commits.Count == 0)
        {
            throw new GitOperationException("RemoteBranchNotFound", FailureKind.ObjectNotFound, $"{api.Location} has no branch '{branch}'.", branch);
        }

        _index = _commits.Select((c, i) => (c.Sha, i)).ToDictionary(p => p.Sha, p => p.i, StringComparer.Ordinal);
    }

    public string TipSha => _commits[0].Sha;

    public string? Resolve(string commitish)
    {
        ArgumentNullException.ThrowIfNull(commitish);
        var lower = commitish.ToLowerInvariant();
        return _commits.FirstOrDefault(c => c.Sha.StartsWith(lower, StringComparison.Ordinal))?.Sha ?? _api.GetCommit(commitish, _cancellation)?.Sha;
    }

    public bool IsAncestorOfTip(string sha) => _index.ContainsKey(sha);

    public RecordedRevert? RevertRecordOf(string sha) =>
        (Listed(sha) ?? _api.GetCommit(sha, _cancellation)) is { } commit && FluxOpsTrailers.Read(commit.Message) is { } record ? ToRecorded(commit, record) : null;

    /// <summary>The newest revert of <paramref name="sha"/> after it on the branch, unless a later revert undid that revert.</summary>
    public RecordedRevert? FindRevertOf(string sha)
    {
        if (!_index.TryGetValue(sha, out var position))
        {
            return null;
        }

        for (var i = 0; i < position; i++)
        {
            if (FluxOpsTrailers.Read(_commits[i].Message) is not { } record || !record.RevertedShas.Contains(sha))
            {
                continue;
            }

            var revert = _commits[i];
            var undone = _commits.Take(i).Any(c => FluxOpsTrailers.Read(c.Message)?.RevertedShas.Contains(revert.Sha) == true);
            return undone ? null : ToRecorded(revert, record);
        }

        return null;
    }

    public IReadOnlyList<RecordedRevert> RevertsSince(DateTimeOffset since) =>
        _commits.Where(c => c.When >= since)
            .Select(c => FluxOpsTrailers.Read(c.Message) is { MadeByFluxOps: true } record ? ToRecorded(c, record) : null)
            .OfType<RecordedRevert>().ToList();

    public string? NewestCommitTouching(string sha, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            return Resolve(sha);
        }

        return paths.SelectMany(p => _api.ListCommits(sha, p, 1, _cancellation))
            .OrderBy(c => _index.TryGetValue(c.Sha, out var i) ? i : int.MaxValue).ThenByDescending(c => c.When)
            .FirstOrDefault()?.Sha;
    }

    public IReadOnlyList<string> CommitsAfterTouching(string sha, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var position = _index.TryGetValue(sha, out var p) ? p : _commits.Count;
        var newer = paths.Count == 0
            ? _commits.Take(position).Select(c => c.Sha)
            : paths.SelectMany(path => _api.ListCommits(_branch, path, _limit, _cancellation)).Select(c => c.Sha)
                .Where(s => _index.TryGetValue(s, out var i) && i < position);
        return newer.Distinct(StringComparer.Ordinal).OrderBy(s => _index[s]).ToList();
    }

    public IReadOnlyList<string> KustomizationPaths(string @namespace, string name) => [];

    public IReadOnlyList<string> HelmReleasePaths(string @namespace, string name) => [];

    public IReadOnlyList<string> ImagesIntroducedBy(string sha)
    {
        if ((Listed(sha) ?? _api.GetCommit(sha, _cancellation)) is not { } commit)
        {
            return [];
        }

        var parent = commit.Parents.Count > 0 ? commit.Parents[0] : null;
        var images = new List<string>();
        foreach (var path in _api.ChangedPaths(commit, _cancellation))
        {
            if (_api.ReadFile(commit.Sha, path, _cancellation) is not { } bad || Array.IndexOf(bad, (byte)0) >= 0)
            {
                continue;
            }

            var good = parent is null ? null : _api.ReadFile(parent, path, _cancellation);
            images.AddRange(GitRollbackHistory.ImagesIntroduced(path, good is null ? string.Empty : Encoding.UTF8.GetString(good), Encoding.UTF8.GetString(bad)));
        }

        return images.Distinct(StringComparer.Ordinal).ToList();
    }

    private RestCommit? Listed(string sha) => _index.TryGetValue(sha, out var i) ? _commits[i] : null;

    private static RecordedRevert ToRecorded(RestCommit commit, FluxOpsRevertRecord record) =>
        new(commit.Sha, record.RevertedShas, commit.When, record.Reason, record.BadImages) { MadeByFluxOps = record.MadeByFluxOps };
}
