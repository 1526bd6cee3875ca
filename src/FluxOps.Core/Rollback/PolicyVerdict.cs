using FluxOps.Models;

namespace FluxOps.Core.Rollback;

/// <summary>What the policy concluded before any git action.</summary>
internal sealed record PolicyVerdict(bool Act, RollbackReason Reason, string Message, string? BadSha = null, string? Source = null)
{
    public IReadOnlyList<string> KnownBadImages { get; init; } = [];

    public IReadOnlyList<string> ImagesIntroduced { get; init; } = [];

    /// <summary>Newer commits on the branch that touch the same Kustomization path (Flux will apply those next).</summary>
    public IReadOnlyList<string> SupersededBy { get; init; } = [];

    /// <summary>The commit Flux attempted (the event's revision), when it differs from the guilty one.</summary>
    public string? Attempted { get; init; }
}
