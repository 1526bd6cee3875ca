namespace FluxOps.Models;

/// <summary>One revert FluxOps made, as its commit's trailers record it (Get-FluxRevertHistory).</summary>
public sealed class RevertRecord
{
    /// <summary>The revert commit.</summary>
    public string RevertSha { get; set; } = string.Empty;
    public string ShortSha { get; set; } = string.Empty;
    /// <summary>When the revert was committed.</summary>
    public DateTimeOffset When { get; set; }
    /// <summary>The commits it took back (Fluxops-Reverts).</summary>
    public IReadOnlyList<string> RevertedShas { get; set; } = Array.Empty<string>();
    /// <summary>Why (Fluxops-Reason); for automation "Kind/namespace/name Reason: message [decided by host/pid]".</summary>
    public string? Reason { get; set; }
    /// <summary>Automation, Manual, or Unknown for reverts written before FluxOps recorded it (Fluxops-Trigger).</summary>
    public RevertTrigger Trigger { get; set; }
    /// <summary>Who decided (Fluxops-Decided-By): the person's git identity, or the rollback policy's host/process.</summary>
    public string? DecidedBy { get; set; }
    /// <summary>The Flux object an automated revert answered, e.g. Kustomization/flux-system/apps.</summary>
    public string? Source { get; set; }
    /// <summary>Images the revert recorded as bad (Fluxops-Bad-Image): automation reverts again when one comes back.</summary>
    public IReadOnlyList<string> BadImages { get; set; } = Array.Empty<string>();
    /// <summary>True when a later commit reverted this revert, so its change is live again.</summary>
    public bool Undone { get; set; }
    /// <summary>Local path or URL of the repository.</summary>
    public string Repository { get; set; } = string.Empty;
    public string? Branch { get; set; }

    public override string ToString() => $"{ShortSha} {Trigger} {string.Join(",", RevertedShas.Select(s => s.Length > 7 ? s[..7] : s))} {Reason}";
}
