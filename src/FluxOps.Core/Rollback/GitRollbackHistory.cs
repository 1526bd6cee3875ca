using FluxOps.Core.Flux;
using FluxOps.Core.Git;
using FluxOps.Core.History;
using FluxOps.Core.Manifests;
using FluxOps.Core.Revert;
using LibGit2Sharp;

namespace FluxOps.Core.Rollback;

/// <summary>
/// <see cref="IRollbackHistory"/> over a fetched repository at the remote branch tip. The loop-guard state is read from
/// the FluxOps trailers through <see cref="GitRevertLedger"/>, the same loop guard Invoke-FluxRevert uses.
/// </summary>
internal sealed class GitRollbackHistory : IRollbackHistory, IDisposable
{
    private readonly Repository _repository;
    private readonly Commit _tip;
    private readonly GitRevertLedger _ledger;
    private List<RecordedRevert>? _allReverts;

    public GitRollbackHistory(string repositoryPath, string tipSha)
    {
        _repository = new Repository(repositoryPath);
        _tip = _repository.Lookup<Commit>(tipSha) ?? throw new ArgumentException($"Tip {tipSha} not found.", nameof(tipSha));
        _ledger = new GitRevertLedger(_repository, _tip);
    }

    public string TipSha => _tip.Sha;

    public string? Resolve(string commitish) => _repository.Lookup<Commit>(commitish)?.Sha;

    public bool IsAncestorOfTip(string sha) => Commit(sha) is { } commit && CommitGraph.IsReachable(_repository, commit, _tip);

    public RecordedRevert? RevertRecordOf(string sha) => _ledger.RevertRecordOf(sha);

    public RecordedRevert? FindRevertOf(string sha) => _ledger.FindRevertOf(sha);

    public IReadOnlyList<RecordedRevert> RevertsSince(DateTimeOffset since)
    {
        _allReverts ??= _ledger.FluxOpsReverts().ToList();
        return _allReverts.Where(r => r.When >= since).ToList();
    }

    /// <summary>Git log's answer (the same walk as Get-FluxBadCommit -Include), so both agree on merges.</summary>
    public string? NewestCommitTouching(string sha, IReadOnlyList<string> paths) =>
        paths.Count == 0 ? Resolve(sha)
            : CommitFinder.Find(_repository, new CommitQuery { Revision = sha, Include = paths, First = 1 }, _repository.Info.Path).FirstOrDefault()?.Sha;

    public IReadOnlyList<string> CommitsAfterTouching(string sha, IReadOnlyList<string> paths) =>
        CommitFinder.Find(_repository, new CommitQuery { LastApplied = sha, LastAttempted = _tip.Sha, Include = paths }, _repository.Info.Path)
            .Select(c => c.Sha).ToList();

    public IReadOnlyList<string> KustomizationPaths(string @namespace, string name) =>
        FluxManifestIndex.KustomizationPath(_tip.Tree, @namespace, name) is { Length: > 0 } path ? [path] : [];

    public IReadOnlyList<string> HelmReleasePaths(string @namespace, string name) => FluxManifestIndex.HelmReleaseFiles(_tip.Tree, @namespace, name);

    /// <summary>The images the commit brings into the files it adds or changes (<see cref="IntroducedImages"/>).</summary>
    public IReadOnlyList<string> ImagesIntroducedBy(string sha)
    {
        if (Commit(sha) is not { } commit)
        {
            return [];
        }

        var parent = commit.Parents.FirstOrDefault();
        var images = new List<string>();
        foreach (var change in _repository.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree).Where(c => c.Status is ChangeKind.Modified or ChangeKind.Added))
        {
            var badText = (commit.Tree[change.Path]?.Target as Blob) is { IsBinary: false } bad ? bad.GetContentText() : null;
            if (badText is null)
            {
                continue;
            }

            var goodText = (parent?.Tree[change.OldPath]?.Target as Blob)?.GetContentText() ?? string.Empty;
            images.AddRange(ImagesIntroduced(change.Path, goodText, badText));
        }

        return images.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The images <paramref name="badText"/> brings into the file (shared with the REST history and the revert's record).</summary>
    internal static IEnumerable<string> ImagesIntroduced(string path, string goodText, string badText) => IntroducedImages.Of(path, goodText, badText);

    public void Dispose() => _repository.Dispose();

    private Commit? Commit(string sha) => _repository.Lookup<Commit>(sha);
}
