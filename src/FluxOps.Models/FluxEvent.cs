namespace FluxOps.Models;

/// <summary>An event as Flux notification-controller posts it to a generic(-hmac) webhook.</summary>
public sealed class FluxEvent
{
    public string Kind { get; set; } = string.Empty;
    public string Namespace { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string? Uid { get; set; }
    public string Severity { get; set; } = string.Empty;
    public string Reason { get; set; } = string.Empty;
    public string Message { get; set; } = string.Empty;
    /// <summary>The revision as Flux wrote it, e.g. <c>main@sha1:&lt;sha&gt;</c>.</summary>
    public string? Revision { get; set; }
    /// <summary>The git commit sha, when the revision names one.</summary>
    public string? Sha { get; set; }
    public string? Branch { get; set; }
    /// <summary>GitCommit, Digest (OCI artifact or bucket: not a git commit), Version (HelmRelease chart version) or None.</summary>
    public RevisionKind RevisionKind { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string? Controller { get; set; }
    /// <summary>True when the HMAC signature was checked and matched.</summary>
    public bool Verified { get; set; }
    /// <summary>The pod that reported the event (reportingInstance), when Flux sent it.</summary>
    public string? ReportingInstance { get; set; }
    public IReadOnlyDictionary<string, string> Metadata { get; set; } = new Dictionary<string, string>();

    public override string ToString() => $"{Kind}/{Namespace}/{Name} {Severity} {Reason}";
}
