using System.Diagnostics;

namespace FluxOps.Core.Http;

/// <summary>
/// Sends a request again after a retryable status or failure (see <see cref="RetryPolicy"/>), at most
/// <see cref="RetryPolicy.MaxRetries"/> times and only when <see cref="RequestRetry.IsAllowed"/>. A server asking to
/// wait longer than <see cref="RetryPolicy.MaxRetryAfter"/> fails at once with a message saying so. The last answer
/// is returned as it is (the caller interprets a final 503); the last failure is thrown. Cancellation stops the
/// waiting too. Every answer and every retry goes to the optional log, URLs redacted.
/// </summary>
internal sealed class RetryHandler(RetryPolicy policy, Action<string>? log, TimeProvider? clock = null) : DelegatingHandler
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var retries = RequestRetry.IsAllowed(request) ? Math.Max(0, policy.MaxRetries) : 0;
        // Log text is built only when there is a log: this runs for every registry HEAD.
        string What() => $"{request.Method} {HttpRedaction.Url(request.RequestUri)}";
        for (var attempt = 0; ; attempt++)
        {
            var watch = log is null ? null : Stopwatch.StartNew();
            var counted = attempt + 1;
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpTransportException ex) when (ex.Retryable)
            {
                log?.Invoke($"{What()} -> {ex.Failure} (attempt {counted} of {retries + 1})");
                if (attempt >= retries)
                {
                    throw;
                }

                await Task.Delay(policy.Backoff(attempt), _clock, cancellationToken).ConfigureAwait(false);
                continue;
            }

            log?.Invoke($"{What()} -> {(int)response.StatusCode} {response.ReasonPhrase} ({watch?.ElapsedMilliseconds} ms)");
            if (attempt >= retries || !RetryPolicy.IsRetryable(response))
            {
                return response;
            }

            var failure = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            var asked = RetryPolicy.ServerDelay(response, _clock.GetUtcNow());
            var source = response.Headers.RetryAfter is null ? "the rate limit resets in" : "Retry-After asks for";
            response.Dispose();
            if (asked > policy.MaxRetryAfter)
            {
                throw HttpTransportException.For(request, "HttpRetryAfterTooLong", FailureKind.LimitsExceeded,
                    $"{failure}, and {source} {asked.Value.TotalSeconds:0} s (more than the {policy.MaxRetryAfter.TotalSeconds:0} s FluxOps waits); try again later.",
                    retryable: false);
            }

            var delay = asked ?? policy.Backoff(attempt);
            log?.Invoke($"{What()} -> {failure}, retrying in {delay.TotalMilliseconds:0} ms (attempt {counted} of {retries + 1})");
            await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
        }
    }
}
