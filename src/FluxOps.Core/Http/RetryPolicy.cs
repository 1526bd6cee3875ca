using System.Globalization;
using System.Net;

namespace FluxOps.Core.Http;

/// <summary>
/// When and how long to wait before sending a request again: after 429, 500, 502, 503, 504 (and GitHub's rate-limit
/// 403), after a connection failure or a timeout. The server's own word wins (Retry-After as seconds or a date;
/// GitHub's x-ratelimit-reset once x-ratelimit-remaining is 0); otherwise exponential backoff with jitter.
/// </summary>
internal sealed record RetryPolicy
{
    /// <summary>Retries after the first attempt (0: every request is sent once).</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>The first backoff; it doubles per retry, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a server may ask for; asking for more fails at once instead of stalling a run.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public static bool IsRetryable(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            || (response.StatusCode == HttpStatusCode.Forbidden && IsRateLimited(response));
    }

    /// <summary>GitHub answers an exhausted (or secondary) rate limit with 403 and these headers; a plain 403 is a refusal.</summary>
    public static bool IsRateLimited(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.StatusCode == HttpStatusCode.TooManyRequests
            || (response.StatusCode == HttpStatusCode.Forbidden && (response.Headers.RetryAfter is not null || Header(response, "x-ratelimit-remaining") == "0"));
    }

    /// <summary>How long the server asked us to wait, or null when it did not say.</summary>
    public static TimeSpan? ServerDelay(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        if (Header(response, "x-ratelimit-remaining") == "0"
            && long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(reset);
            return at > now ? at - now : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Exponential backoff for retry <paramref name="retry"/> (0-based), plus up to a quarter more so parallel clients spread out.</summary>
    public TimeSpan Backoff(int retry)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30));
        var capped = Math.Min(exponential, MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + (Random.Shared.NextDouble() / 4)));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault()?.Trim() : null;
}
