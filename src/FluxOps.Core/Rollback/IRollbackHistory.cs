using FluxOps.Core.Revert;

namespace FluxOps.Core.Rollback;

/// <summary>
/// The git facts the rollback policy decides from. Everything here comes from the branch's history as the remote has it,
/// so every receiver (and every restart) sees the same state.
/// </summary>
internal interface IRollbackHistory : IRevertLedger
{
    /// <summary>The branch tip the facts were read at.</summary>
    string TipSha { get; }

    /// <summary>Full sha when the commit (or abbreviation) exists in the repository, else null.</summary>
    string? Resolve(string commitish);

    bool IsAncestorOfTip(string sha);

    /// <summary>FluxOps reverts on the branch committed at or after <paramref name="since"/>, newest first.</summary>
    IReadOnlyList<RecordedRevert> RevertsSince(DateTimeOffset since);

    /// <summary>Newest commit reachable from <paramref name="sha"/> (inclusive) that touches any of the paths; null when none.</summary>
    string? NewestCommitTouching(string sha, IReadOnlyList<string> paths);

    /// <summary>Commits after <paramref name="sha"/> up to the tip that touch any of the paths, newest first.</summary>
    IReadOnlyList<string> CommitsAfterTouching(string sha, IReadOnlyList<string> paths);

    /// <summary>The repository paths a Kustomization applies (its spec.path), when its manifest is found; else empty (= whole repository).</summary>
    IReadOnlyList<string> KustomizationPaths(string @namespace, string name);

    /// <summary>The HelmRelease manifest file and its values files, when found at the tip; else empty.</summary>
    IReadOnlyList<string> HelmReleasePaths(string @namespace, string name);

    /// <summary>Images a commit adds or changes (as written in the manifests).</summary>
    IReadOnlyList<string> ImagesIntroducedBy(string sha);
}
