namespace FluxOps.Models;

/// <summary>The answer for one image reference checked against its registry.</summary>
public sealed class ImageCheckResult
{
    /// <summary>The reference as the user wrote it.</summary>
    public string Image { get; set; } = string.Empty;
    public ImageCheckStatus Status { get; set; }
    public string? Registry { get; set; }
    public string? Repository { get; set; }
    public string? Tag { get; set; }
    /// <summary>The digest the registry resolved the reference to.</summary>
    public string? Digest { get; set; }
    public string? MediaType { get; set; }
    /// <summary>For an image index, the platforms it lists (os/architecture[/variant]).</summary>
    public IReadOnlyList<string> Platforms { get; set; } = Array.Empty<string>();
    /// <summary>For a tag@digest reference whose tag now points to another digest: that digest.</summary>
    public string? TagDigest { get; set; }
    /// <summary>For a missing tag: the repository's nearest existing tags (newest versions first), unless -NoTagList.</summary>
    public IReadOnlyList<string> NearestTags { get; set; } = Array.Empty<string>();
    /// <summary>Why the status is not Exists; never contains a secret.</summary>
    public string? Error { get; set; }
    public string? File { get; set; }
    public int Line { get; set; }
    public long ElapsedMs { get; set; }

    public override string ToString() => $"{Status} {Image}";
}
