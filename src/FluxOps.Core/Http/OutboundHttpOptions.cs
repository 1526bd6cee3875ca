namespace FluxOps.Core.Http;

/// <summary>How one outbound HTTP client behaves. Every field has a default that suits a CI run.</summary>
internal sealed record OutboundHttpOptions
{
    /// <summary>Open connections per host (requests beyond it queue for a pooled connection).</summary>
    public int MaxConnectionsPerServer { get; init; } = 16;

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Bound on one attempt of one request: the answer and its whole body (not on the retries together).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The most FluxOps reads from one answer; more is an error, never a full memory.</summary>
    public long MaxResponseBytes { get; init; } = 32L * 1024 * 1024;

    public RetryPolicy Retry { get; init; } = new();

    /// <summary>Hosts (as the TLS handshake names them) whose certificate is accepted unchecked; null checks every host.</summary>
    public Func<string, bool>? SkipTlsVerify { get; init; }

    /// <summary>Receives one line per answer and per retry (URLs redacted); called on thread-pool threads.</summary>
    public Action<string>? Log { get; init; }
}
