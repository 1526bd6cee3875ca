namespace FluxOps.Models;

/// <summary>A commit suspected of breaking a Flux reconciliation.</summary>
public sealed class BadCommit
{
    public string Sha { get; set; } = string.Empty;
    public string ShortSha { get; set; } = string.Empty;
    public string Author { get; set; } = string.Empty;
    public string Email { get; set; } = string.Empty;
    public DateTimeOffset When { get; set; }
    public string Subject { get; set; } = string.Empty;
    public IReadOnlyList<string> Files { get; set; } = Array.Empty<string>();
    /// <summary>Why this commit was selected (revision, range, path, author, image automation).</summary>
    public string Reason { get; set; } = string.Empty;
    /// <summary>Local path or URL of the repository the commit was found in.</summary>
    public string Repository { get; set; } = string.Empty;
    public string? Branch { get; set; }
    public IReadOnlyList<string> Parents { get; set; } = Array.Empty<string>();
    public bool IsMerge => Parents.Count > 1;
    /// <summary>True when the commit is itself a revert made by FluxOps.</summary>
    public bool IsFluxOpsRevert { get; set; }
    public bool IsImageAutomation { get; set; }

    public override string ToString() => $"{ShortSha} {Subject}";
}
