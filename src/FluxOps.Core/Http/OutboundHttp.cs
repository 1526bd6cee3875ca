namespace FluxOps.Core.Http;

/// <summary>
/// The one outbound HTTP stack. A client is a chain of small handlers, outermost first: <see cref="RetryHandler"/>
/// (backoff, jitter, Retry-After, rate limits) -> <see cref="AttemptHandler"/> (per-attempt timeout that also bounds
/// the body, size cap) -> <see cref="RedirectHandler"/> (deliberate redirects, credentials stay on their host) ->
/// <see cref="SharedHandler"/> (pooled sockets). Every request carries <see cref="UserAgent"/>. Nothing else in
/// FluxOps creates an HttpClient or a handler.
/// </summary>
internal static class OutboundHttp
{
    /// <summary>FluxOps/&lt;version&gt;, sent with every request.</summary>
    public static string UserAgent { get; } = "FluxOps/" + (typeof(OutboundHttp).Assembly.GetName().Version?.ToString(3) ?? "0");

    /// <summary>
    /// Hosting service APIs (GitHub, GitLab, Azure DevOps): reads retried three times after 429/5xx, a rate limit
    /// waited out up to a minute, one minute per attempt, 64 MiB per answer (a file read through the API).
    /// </summary>
    public static OutboundHttpOptions HostingDefaults { get; } = new()
    {
        MaxConnectionsPerServer = 8,
        RequestTimeout = TimeSpan.FromSeconds(60),
        MaxResponseBytes = 64L * 1024 * 1024,
        Retry = new RetryPolicy { MaxRetries = 3, BaseDelay = TimeSpan.FromSeconds(1), MaxRetryAfter = TimeSpan.FromSeconds(60) },
    };

    private static readonly Lazy<HttpClient> HostingClient = new(() => CreateClient(HostingDefaults));

    /// <summary>The process-wide client for hosting service APIs (connections are pooled across calls and cmdlets).</summary>
    public static HttpClient Hosting => HostingClient.Value;

    /// <summary>A new client with its own connection pool; the caller disposes it.</summary>
    public static HttpClient CreateClient(OutboundHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var chain = new RetryHandler(options.Retry, options.Log)
        {
            InnerHandler = new AttemptHandler(options.RequestTimeout, options.MaxResponseBytes)
            {
                InnerHandler = new RedirectHandler { InnerHandler = SharedHandler.Create(options) },
            },
        };
        // The attempt handler enforces time and size per attempt; HttpClient's own limits only back them up.
        var client = new HttpClient(chain, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = Math.Min(options.MaxResponseBytes, int.MaxValue),
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }
}
