namespace FluxOps.Core.Rollback;

/// <summary>A revert FluxOps made earlier, as recorded in its commit trailers on the branch.</summary>
internal sealed record RecordedRevert(
    string RevertSha,
    IReadOnlyList<string> RevertedShas,
    DateTimeOffset When,
    string? Reason,
    IReadOnlyList<string> BadImages)
{
    /// <summary>The object the revert was for, read from the reason FluxOps writes ("Kind/namespace/name Reason: …").</summary>
    /// <summary>False for a plain <c>git revert</c> by a person (recognised from "This reverts commit").</summary>
    public bool MadeByFluxOps { get; init; } = true;

    public string? Source => Reason is { } r && r.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? r[..space] : Reason;
}

/// <summary>
/// The git facts the rollback policy decides from. Everything here comes from the branch's history as the remote has it,
/// so every receiver (and every restart) sees the same state.
/// </summary>
internal interface IRollbackHistory
{
    /// <summary>The branch tip the facts were read at.</summary>
    string TipSha { get; }

    /// <summary>Full sha when the commit (or abbreviation) exists in the repository, else null.</summary>
    string? Resolve(string commitish);

    bool IsAncestorOfTip(string sha);

    /// <summary>The FluxOps trailers (or plain "This reverts commit") of a commit, when it is a revert.</summary>
    RecordedRevert? RevertRecordOf(string sha);

    /// <summary>The revert already on the branch for <paramref name="sha"/>, if any.</summary>
    RecordedRevert? FindRevertOf(string sha);

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
