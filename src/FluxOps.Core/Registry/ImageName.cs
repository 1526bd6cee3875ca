namespace FluxOps.Core.Registry;

/// <summary>
/// A parsed, normalized image reference. <see cref="Original"/> keeps what the user wrote, for reporting;
/// the other properties follow docker/distribution's normalization (docker.io, library/, latest).
/// </summary>
internal sealed record ImageName(string Original, string Registry, string Repository, string? Tag, string? Digest)
{
    public const string DockerHub = "docker.io";

    /// <summary>The host the registry API is served from (Docker Hub's API lives on registry-1.docker.io).</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    /// <summary>The manifest reference to ask for: the digest when pinned (that is what gets pulled), else the tag.</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    /// <summary>The normalized form, identical for every spelling of the same image: the deduplication key.</summary>
    public string Canonical => $"{Registry}/{Repository}" + (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);

    /// <summary>Registry host without the port, lower case (for plain-HTTP and TLS decisions).</summary>
    public string HostWithoutPort => StripPort(Registry);

    public override string ToString() => Original;

    internal static string StripPort(string host)
    {
        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? host[..(end + 1)].ToLowerInvariant() : host.ToLowerInvariant();
        }

        var colon = host.LastIndexOf(':');
        return (colon > 0 ? host[..colon] : host).ToLowerInvariant();
    }
}
