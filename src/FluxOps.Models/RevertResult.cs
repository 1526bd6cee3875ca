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

    public override string ToString() => Skipped ? $"Skipped {RevertedSha}: {SkipReason}" : $"{RevertedSha} -> {RevertSha}";
}
