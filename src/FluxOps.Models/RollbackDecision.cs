namespace FluxOps.Models;

/// <summary>What the rollback policy decided for one event, and why.</summary>
public sealed class RollbackDecision
{
    public RollbackOutcome Outcome { get; set; }
    /// <summary>Why: e.g. Duplicate, Cooldown, CircuitOpen, NotOurKustomization, AlreadyReverted.</summary>
    public RollbackReason Reason { get; set; }
    public string Message { get; set; } = string.Empty;
    public FluxEvent? Event { get; set; }
    public string? BadSha { get; set; }
    public RevertResult? Revert { get; set; }
    /// <summary>Images the bad commit re-introduces that an earlier FluxOps revert already recorded as bad.</summary>
    public IReadOnlyList<string> KnownBadImages { get; set; } = Array.Empty<string>();
    public DateTimeOffset DecidedAt { get; set; }

    public override string ToString() => $"{Outcome} ({Reason}) {Message}";
}
