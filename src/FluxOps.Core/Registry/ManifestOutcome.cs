using FluxOps.Models;

namespace FluxOps.Core.Registry;

/// <summary>What the registry said about one normalized reference (shared by every input that names it).</summary>
internal sealed record ManifestOutcome(ImageCheckStatus Status, string? Digest = null, string? MediaType = null, string? Error = null)
{
    public IReadOnlyList<string> Platforms { get; init; } = Array.Empty<string>();

    /// <summary>For tag@digest: the digest the tag points to now, when it is not the pinned one.</summary>
    public string? TagDigest { get; init; }

    /// <summary>For a missing tag: the repository's nearest existing tags (newest versions first), when they were listed.</summary>
    public IReadOnlyList<string> NearestTags { get; init; } = Array.Empty<string>();

    public static ManifestOutcome Unknown(string reason) => new(ImageCheckStatus.Unknown, Error: reason);
}
