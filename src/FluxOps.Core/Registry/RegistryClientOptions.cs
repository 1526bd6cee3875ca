namespace FluxOps.Core.Registry;

/// <summary>How the registry client talks to registries. Defaults suit CI: polite per host, bounded in time.</summary>
internal sealed class RegistryClientOptions
{
    /// <summary>Hosts (host or host:port) that speak plain HTTP besides localhost, 127.0.0.1 and [::1].</summary>
    public IReadOnlyCollection<string> PlainHttpHosts { get; init; } = Array.Empty<string>();

    /// <summary>Hosts (host or host:port) whose TLS certificate is not verified.</summary>
    public IReadOnlyCollection<string> SkipTlsVerifyHosts { get; init; } = Array.Empty<string>();

    /// <summary>Bound on each single HTTP request (not on the whole run).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of an idempotent request after 429, 5xx, a timeout or a connection failure.</summary>
    public int RetryCount { get; init; } = 2;

    /// <summary>First backoff delay; doubles per retry unless the registry sends Retry-After.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Longest Retry-After honoured; a registry asking for more is reported as Unknown instead of stalling CI.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Concurrent requests per registry host. Different registries are asked in parallel.</summary>
    public int PerHostLimit { get; init; } = 32;

    /// <summary>Platforms (os/arch[/variant]) every image must provide, e.g. linux/arm64.</summary>
    public IReadOnlyCollection<string> Platforms { get; init; } = Array.Empty<string>();

    /// <summary>When a tag is missing, read the repository's tag list to name the nearest existing tags (one more request per repository).</summary>
    public bool ListTagsWhenMissing { get; init; } = true;

    /// <summary>Tags asked for per tag-list page (tests use small pages to exercise the Link paging).</summary>
    internal int TagPageSize { get; init; } = TagLister.PageSize;

    internal static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    public bool UsesPlainHttp(ImageName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return LoopbackHosts.Contains(name.HostWithoutPort) || Matches(PlainHttpHosts, name.Registry);
    }

    /// <summary>
    /// True when certificate checks are off for this host. The TLS handshake only knows the host name, and a
    /// certificate belongs to a host, not a port: "registry.lab:5000" in the list covers registry.lab.
    /// </summary>
    public bool SkipsTlsVerify(string host) =>
        SkipTlsVerifyHosts.Any(h => string.Equals(ImageName.StripPort(h), ImageName.StripPort(host), StringComparison.OrdinalIgnoreCase));

    private static bool Matches(IReadOnlyCollection<string> hosts, string registry)
    {
        var bare = ImageName.StripPort(registry);
        return hosts.Any(h => string.Equals(h, registry, StringComparison.OrdinalIgnoreCase)
            || string.Equals(h, bare, StringComparison.OrdinalIgnoreCase));
    }
}
