using FluxOps.Core.Http;

namespace FluxOps.Core.Registry;

/// <summary>The registry could not be asked (refused, timed out, TLS failure, kept failing): the answer is unknown.</summary>
internal sealed class RegistryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The registry's client on the shared outbound HTTP stack (<see cref="OutboundHttp"/>): one connection pool for the
/// run with <see cref="RegistryClientOptions.PerHostLimit"/> connections per host, certificate checks skipped only for
/// the listed hosts, <see cref="RegistryClientOptions.RequestTimeout"/> per attempt, retries after 429/5xx and
/// connection failures with Retry-After honoured up to <see cref="RegistryClientOptions.MaxRetryAfter"/>, redirects to
/// blob storage followed without the registry's credentials, and manifest-sized answers only.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    /// <summary>
    /// Manifests, indexes, image configs and token answers are small: 4 MiB, containerd's own limit for a manifest,
    /// bounds every answer read (token answers included), so an endless body ends as Unknown, never as a full memory.
    /// </summary>
    public const long MaxResponseBytes = 4L * 1024 * 1024;

    private readonly HttpClient _client;

    public RegistryTransport(RegistryClientOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = OutboundHttp.CreateClient(new OutboundHttpOptions
        {
            MaxConnectionsPerServer = options.PerHostLimit,
            ConnectTimeout = options.RequestTimeout,
            RequestTimeout = options.RequestTimeout,
            MaxResponseBytes = MaxResponseBytes,
            SkipTlsVerify = options.SkipsTlsVerify,
            Retry = new RetryPolicy { MaxRetries = options.RetryCount, BaseDelay = options.RetryBaseDelay, MaxRetryAfter = options.MaxRetryAfter },
            Log = log,
        });
    }

    /// <summary>
    /// Sends the request <paramref name="create"/> builds. Returns the final response, which may still be an error
    /// status the caller interprets; throws <see cref="RegistryUnavailableException"/> when no response could be had,
    /// and <see cref="OperationCanceledException"/> when the run is cancelled.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(create);
        using var request = create();
        // Every registry request reads: manifests and blobs, and token requests (an OAuth2 refresh grant is a POST that
        // changes nothing), so every one of them may be retried.
        request.AllowRetry();
        try
        {
            return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        }
        catch (HttpTransportException ex)
        {
            throw new RegistryUnavailableException(ex.Message, ex);
        }
    }

    public void Dispose() => _client.Dispose();
}
