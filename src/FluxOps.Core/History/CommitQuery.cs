namespace FluxOps.Core.History;

/// <summary>What Get-FluxBadCommit looks for. Every filter is optional; filters combine with AND.</summary>
internal sealed class CommitQuery
{
    /// <summary>A Flux revision or sha/ref. Alone it selects exactly that commit; with filters it is where the walk starts.</summary>
    public string? Revision { get; init; }

    /// <summary>Kustomization status.lastAppliedRevision: the last good revision (excluded).</summary>
    public string? LastApplied { get; init; }

    /// <summary>Kustomization status.lastAttemptedRevision: the failing revision (included).</summary>
    public string? LastAttempted { get; init; }

    /// <summary>Only commits that change a file at or under one of these repository paths (e.g. a Kustomization spec.path).</summary>
    public IReadOnlyList<string> Include { get; init; } = Array.Empty<string>();

    /// <summary>Author names or emails (case-insensitive, '*' wildcards).</summary>
    public IReadOnlyList<string> Authors { get; init; } = Array.Empty<string>();

    /// <summary>Only commits made by Flux image automation.</summary>
    public bool ImageAutomation { get; init; }

    public DateTimeOffset? Since { get; init; }

    /// <summary>Only commits committed at or before this time (git log --until); the walk still starts at the tip.</summary>
    public DateTimeOffset? Until { get; init; }

    public int? First { get; init; }

    /// <summary>Branch (or ref) to walk when no revision is given; default HEAD.</summary>
    public string? Branch { get; init; }
}
