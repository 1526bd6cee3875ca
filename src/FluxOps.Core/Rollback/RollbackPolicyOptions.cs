namespace FluxOps.Core.Rollback;

/// <summary>What the automated rollback is allowed to act on, and how often.</summary>
internal sealed class RollbackPolicyOptions
{
    /// <summary>
    /// The failure reasons Flux really emits that a bad commit can cause. kustomize-controller Ready=False reasons
    /// (pkg apis/meta): ReconciliationFailed (apply/dry-run), HealthCheckFailed, BuildFailed. helm-controller v2:
    /// InstallFailed, UpgradeFailed, TestFailed. Left out on purpose: ArtifactFailed (source problem), DependencyNotReady,
    /// AccessDenied, PruneFailed and RollbackFailed/UninstallFailed (remediation failures a revert does not fix).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultReasons =
    [
        "ReconciliationFailed", "HealthCheckFailed", "BuildFailed", "InstallFailed", "UpgradeFailed", "TestFailed",
    ];

    public IReadOnlyCollection<string> Reasons { get; set; } = DefaultReasons;

    /// <summary>Objects to act for: <c>Kind/namespace/name</c>, <c>namespace/name</c> or <c>name</c>; <c>*</c> wildcards.</summary>
    public IReadOnlyList<string> Include { get; set; } = ["*"];

    /// <summary>Minimum time between two reverts for the same Kustomization/HelmRelease.</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Circuit breaker: at most this many FluxOps reverts on the branch within <see cref="Window"/>.</summary>
    public int MaxRevertsPerWindow { get; set; } = 3;

    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Count reverts a person made (Invoke-FluxRevert) toward the circuit breaker and cooldown too; by default only the automation's own.</summary>
    public bool CountManualReverts { get; set; }

    /// <summary>How long a decided event is remembered, so Flux's re-sends of it are Duplicates (the trailers stay the truth).</summary>
    public TimeSpan DedupeRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The branch the rollback works on; events naming another branch are skipped.</summary>
    public string? Branch { get; set; }

    public bool Includes(string kind, string @namespace, string name) =>
        Include.Count == 0 || Include.Any(pattern => Matches(pattern, kind, @namespace, name));

    private static bool Matches(string pattern, string kind, string @namespace, string name)
    {
        var parts = pattern.Split('/');
        return parts.Length switch
        {
            1 => Glob(parts[0], name),
            2 => Glob(parts[0], @namespace) && Glob(parts[1], name),
            3 => Glob(parts[0], kind) && Glob(parts[1], @namespace) && Glob(parts[2], name),
            _ => false,
        };
    }

    private static bool Glob(string pattern, string value) => Wildcard.IsMatch(pattern, value);
}
