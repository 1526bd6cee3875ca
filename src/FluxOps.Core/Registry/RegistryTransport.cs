using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Authentication;

namespace FluxOps.Core.Registry;

/// <summary>The registry could not be asked (refused, timed out, TLS failure, kept failing): the answer is unknown.</summary>
internal sealed class RegistryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// One pooled HTTP client for the whole run (connections are reused per host), with a per-request timeout,
/// retries with exponential backoff for idempotent requests, Retry-After honoured on 429/503, and the
/// run's cancellation.
/// </summary>
internal sealed class RegistryTransport : IDisposable
{
    private readonly HttpClient _client;
    private readonly RegistryClientOptions _options;
    private readonly Action<string>? _log;

    public RegistryTransport(RegistryClientOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _log = log;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(1, options.PerHostLimit),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectTimeout = options.RequestTimeout,
            AllowAutoRedirect = true,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, _, _, errors) =>
            errors == SslPolicyErrors.None
            || (sender is SslStream stream && options.SkipsTlsVerify(stream.TargetHostName.ToLowerInvariant()));
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("FluxOps/" + (typeof(RegistryTransport).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    /// <summary>
    /// Sends the request <paramref name="create"/> builds (a fresh message per attempt). Returns the final response,
    /// which may still be an error status the caller interprets; throws <see cref="RegistryUnavailableException"/>
    /// when no response could be had, and <see cref="OperationCanceledException"/> when the run is cancelled.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(create);
        for (var attempt = 0; ; attempt++)
        {
            using var request = create();
            var watch = Stopwatch.StartNew();
            using var perRequest = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            perRequest.CancelAfter(_options.RequestTimeout);
            HttpResponseMessage? response = null;
            string failure;
            Exception? error = null;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, perRequest.Token).ConfigureAwait(false);
                if (request.Method != HttpMethod.Head)
                {
                    // Read the body inside the timeout so a registry that stalls mid-body is bounded too.
                    _ = await response.Content.ReadAsByteArrayAsync(perRequest.Token).ConfigureAwait(false);
                }

                _log?.Invoke($"{request.Method} {request.RequestUri} -> {(int)response.StatusCode} {response.ReasonPhrase} ({watch.ElapsedMilliseconds} ms)");
                if (!IsRetryable(response.StatusCode) || attempt >= _options.RetryCount)
                {
                    return response;
                }

                failure = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                response?.Dispose();
                throw;
            }
            catch (OperationCanceledException ex)
            {
                response?.Dispose();
                response = null;
                error = ex;
                failure = $"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException ex)
            {
                response?.Dispose();
                response = null;
                error = ex;
                failure = Describe(ex);
            }

            _log?.Invoke($"{request.Method} {request.RequestUri} -> {failure} (attempt {attempt + 1} of {_options.RetryCount + 1})");
            if (attempt >= _options.RetryCount)
            {
                throw new RegistryUnavailableException($"{request.Method} {request.RequestUri}: {failure}", error);
            }

            var delay = RetryDelay(response, attempt);
            response?.Dispose();
            if (delay > _options.MaxRetryAfter)
            {
                throw new RegistryUnavailableException($"{request.Method} {request.RequestUri}: {failure}, and Retry-After asks for {delay.TotalSeconds:0} s (more than {_options.MaxRetryAfter.TotalSeconds:0} s)");
            }

            await Task.Delay(delay, cancellation).ConfigureAwait(false);
        }
    }

    public void Dispose() => _client.Dispose();

    private static bool IsRetryable(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private TimeSpan RetryDelay(HttpResponseMessage? response, int attempt)
    {
        var retryAfter = response?.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        var backoff = _options.RetryBaseDelay * Math.Pow(2, attempt);
        // A little jitter so parallel retries against one host do not arrive in lockstep.
        return backoff + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 50));
    }

    private static string Describe(HttpRequestException ex)
    {
        if (ex.InnerException is AuthenticationException tls)
        {
            return "TLS failure: " + tls.Message;
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.ConnectionError when ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } => "connection refused",
            HttpRequestError.NameResolutionError => "host name not found",
            HttpRequestError.SecureConnectionError => "TLS failure: " + (ex.InnerException?.Message ?? ex.Message),
            _ => ex.Message,
        };
    }
}
