using System.Text;
using FluxOps.Core.Flux;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;

namespace FluxOps.Core.Rollback;

/// <summary>
/// <see cref="IRollbackHistory"/> read through a hosting service's REST API: the branch window of
/// <see cref="RestBranchHistory"/> (the same loop guard as with git, paged back as far as the policy's windows need) plus
/// the path and image questions the policy asks. The Kustomization's and HelmRelease's manifests are found in the tip's
/// tree read through the API (<see cref="RestManifestTree"/>), as the git history finds them with libgit2.
/// </summary>
internal sealed class RestRollbackHistory(IHostedGitApi api, RestBranchHistory branch, RestBlobCache blobs, CancellationToken cancellationToken) : IRollbackHistory
{
    private readonly CancellationToken _cancellation = cancellationToken;
    private RestManifestTree? _tipTree;

    public RestRollbackHistory(IHostedGitApi api, string branch, int limit, CancellationToken cancellationToken)
        : this(api, new RestBranchHistory(api, branch, limit, cancellationToken), new RestBlobCache(), cancellationToken)
    {
    }

    /// <summary>The branch as read: how many pages and commits the questions so far needed.</summary>
    public RestBranchHistory Branch => branch;

    private RestManifestTree TipTree => _tipTree ??= new RestManifestTree(api, branch.TipSha, blobs, _cancellation);

    public string TipSha => branch.TipSha;

    public string? Resolve(string commitish) => branch.Resolve(commitish);

    public bool IsAncestorOfTip(string sha) => branch.IsAncestorOfTip(sha);

    public RecordedRevert? RevertRecordOf(string sha) => branch.RevertRecordOf(sha);

    public RecordedRevert? FindRevertOf(string sha) => branch.FindRevertOf(sha);

    public IReadOnlyList<RecordedRevert> RevertsSince(DateTimeOffset since) => branch.RevertsSince(since);

    public string? NewestCommitTouching(string sha, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            return Resolve(sha);
        }

        return paths.SelectMany(p => api.ListCommits(sha, p, 1, _cancellation))
            // Every candidate is reachable from sha; the position tells the newest apart where it was read, the date elsewhere.
            .OrderBy(c => branch.PositionRead(c.Sha) is >= 0 and var at ? at : int.MaxValue).ThenByDescending(c => c.When)
            .FirstOrDefault()?.Sha;
    }

    public IReadOnlyList<string> CommitsAfterTouching(string sha, IReadOnlyList<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var position = branch.Position(sha);
        var newer = paths.Count == 0
            ? branch.Commits.Take(position).Select(c => c.Sha)
            : paths.SelectMany(path => api.ListCommits(branch.Branch, path, Math.Max(1, position), _cancellation)).Select(c => c.Sha)
                .Where(s => branch.PositionRead(s) is >= 0 and var at && at < position);
        return newer.Distinct(StringComparer.Ordinal).OrderBy(branch.Position).ToList();
    }

    public IReadOnlyList<string> KustomizationPaths(string @namespace, string name) =>
        FluxManifestIndex.KustomizationPath(TipTree, @namespace, name) is { Length: > 0 } path ? [path] : [];

    public IReadOnlyList<string> HelmReleasePaths(string @namespace, string name) => FluxManifestIndex.HelmReleaseFiles(TipTree, @namespace, name);

    public IReadOnlyList<string> ImagesIntroducedBy(string sha)
    {
        if (branch.Commit(sha) is not { } commit)
        {
            return [];
        }

        var parent = commit.Parents.Count > 0 ? commit.Parents[0] : null;
        var images = new List<string>();
        foreach (var path in api.ChangedPaths(commit, _cancellation))
        {
            if (api.ReadFile(commit.Sha, path, _cancellation) is not { } bad || Array.IndexOf(bad, (byte)0) >= 0)
            {
                continue;
            }

            var good = parent is null ? null : api.ReadFile(parent, path, _cancellation);
            images.AddRange(GitRollbackHistory.ImagesIntroduced(path, good is null ? string.Empty : Encoding.UTF8.GetString(good), Encoding.UTF8.GetString(bad)));
        }

        return images.Distinct(StringComparer.Ordinal).ToList();
    }
}
