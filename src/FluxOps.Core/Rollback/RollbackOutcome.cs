namespace FluxOps.Core.Rollback;

/// <summary>Decision outcomes and skip reasons: stable strings that runbook logs and metrics use.</summary>
internal static class RollbackOutcome
{
    public const string Reverted = "Reverted";
    public const string WouldRevert = "WouldRevert";
    public const string Skipped = "Skipped";
    public const string Failed = "Failed";
}

internal static class RollbackReason
{
    public const string Revert = "BadCommit";
    public const string KnownBadImage = "KnownBadImageReintroduced";
    public const string NotAnError = "NotAnError";
    public const string UnsupportedKind = "UnsupportedKind";
    public const string ReasonNotAllowed = "ReasonNotAllowed";
    public const string NotOurKustomization = "NotOurKustomization";
    public const string Duplicate = "Duplicate";
    public const string NotAGitRevision = "NotAGitRevision";
    public const string OtherBranch = "OtherBranch";
    public const string UnknownRevision = "UnknownRevision";
    public const string NotAncestor = "NotAncestor";
    public const string NoChangeInPath = "NoChangeInPath";
    public const string HelmReleaseNotFound = "HelmReleaseNotFound";
    public const string IsFluxOpsRevert = "IsFluxOpsRevert";
    public const string AlreadyReverted = "AlreadyReverted";
    public const string Superseded = "Superseded";
    public const string Cooldown = "Cooldown";
    public const string CircuitOpen = "CircuitOpen";
    public const string RevertFailed = "RevertFailed";
    public const string RevertSkipped = "RevertSkipped";
}

/// <summary>What the policy concluded before any git action.</summary>
internal sealed record PolicyVerdict(bool Act, string Reason, string Message, string? BadSha = null, string? Source = null)
{
    public IReadOnlyList<string> KnownBadImages { get; init; } = [];
    public IReadOnlyList<string> ImagesIntroduced { get; init; } = [];

    /// <summary>Newer commits on the branch that touch the same Kustomization path (Flux will apply those next).</summary>
    public IReadOnlyList<string> SupersededBy { get; init; } = [];

    /// <summary>The commit Flux attempted (the event's revision), when it differs from the guilty one.</summary>
    public string? Attempted { get; init; }
}
