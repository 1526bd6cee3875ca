namespace FluxOps.Models;

/// <summary>One <c>$imagepolicy</c> setter marker that FluxOps had paused and Resume-FluxImageAutomation restored.</summary>
public sealed class ResumedMarker
{
    public string File { get; set; } = string.Empty;
    public int Line { get; set; }
    /// <summary>The marker's policy, e.g. flux-system:web (or flux-system:web:tag for a part).</summary>
    public string Policy { get; set; } = string.Empty;
    /// <summary>The field's value on that line (the image or tag image automation will update again).</summary>
    public string Value { get; set; } = string.Empty;
    /// <summary>Short sha of the reverted commit the pause note names; null when the note was removed by hand.</summary>
    public string? PausedAfter { get; set; }
    /// <summary>The commit that restored the marker.</summary>
    public string? ResumeSha { get; set; }
    public bool Pushed { get; set; }
    public string? Remote { get; set; }
    /// <summary>The branch the commit went to: the watched branch, or the pull request's branch.</summary>
    public string? Branch { get; set; }
    public string? PullRequestUrl { get; set; }

    public override string ToString() => $"{File}:{Line} {Policy}";
}
