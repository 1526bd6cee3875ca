namespace FluxOps.Models;

/// <summary>What Invoke-FluxRevert (or a rollback decision) did.</summary>
public sealed class RevertResult
{
    public string RevertedSha { get; set; } = string.Empty;
    public string? RevertSha { get; set; }
    public bool Pushed { get; set; }
    public string? Remote { get; set; }
    public string? Branch { get; set; }
    public int Attempts { get; set; }
    public bool Skipped { get; set; }
    public string? SkipReason { get; set; }
    public string? PullRequestUrl { get; set; }
    public IReadOnlyList<string> PausedMarkers { get; set; } = Array.Empty<string>();
    public IReadOnlyList<string> BadImages { get; set; } = Array.Empty<string>();
    /// <summary>After a push to the watched branch: how Flux picks the revert up now (the Receiver asked, or the flux commands to run).</summary>
    public string? Reconcile { get; set; }
    /// <summary>True when Flux's Receiver (-ReconcileUrl) accepted the reconcile request, false when it failed, null when none was asked.</summary>
    public bool? ReconcileRequested { get; set; }

    public override string ToString() => Skipped ? $"Skipped {RevertedSha}: {SkipReason}" : $"{RevertedSha} -> {RevertSha}";
}
