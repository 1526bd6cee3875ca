using System.Net;

namespace FluxOps.Core.Http;

/// <summary>
/// Follows redirects deliberately instead of leaving it to the socket handler: only for GET and HEAD (a registry
/// sends blob reads to storage elsewhere; a write is never replayed to another URL), at most <paramref name="maxHops"/>
/// hops, never from HTTPS down to HTTP. Credentials go only to the host they were given for: a hop to another
/// scheme, host or port carries just the content-negotiation headers (no Authorization, no PRIVATE-TOKEN or
/// JOB-TOKEN, nothing else the caller added).
/// </summary>
internal sealed class RedirectHandler(int maxHops = 5) : DelegatingHandler
{
    private static readonly string[] HeadersForOtherHosts = ["Accept", "Accept-Language", "User-Agent"];

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            return response;
        }

        var current = request;
        for (var hop = 1; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hop++)
        {
            var next = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
            response.Dispose();
            if (hop > maxHops)
            {
                throw HttpTransportException.For(request, "HttpTooManyRedirects", FailureKind.InvalidOperation, $"more than {maxHops} redirects", retryable: false);
            }

            if (current.RequestUri!.Scheme == Uri.UriSchemeHttps && next.Scheme != Uri.UriSchemeHttps)
            {
                throw HttpTransportException.For(request, "HttpRedirectRefused", FailureKind.SecurityError,
                    $"redirected from HTTPS to {HttpRedaction.Url(next)}, which FluxOps does not follow", retryable: false);
            }

            var following = Follow(current, next);
            if (!ReferenceEquals(current, request))
            {
                current.Dispose();
            }

            current = following;
            response = await base.SendAsync(current, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static HttpRequestMessage Follow(HttpRequestMessage from, Uri to)
    {
        var sameOrigin = Uri.Compare(from.RequestUri, to, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
        var next = new HttpRequestMessage(from.Method, to) { Version = from.Version, VersionPolicy = from.VersionPolicy };
        foreach (var (name, values) in from.Headers)
        {
            if (sameOrigin || HeadersForOtherHosts.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                next.Headers.TryAddWithoutValidation(name, values);
            }
        }

        foreach (var (key, value) in from.Options)
        {
            ((IDictionary<string, object?>)next.Options)[key] = value;
        }

        return next;
    }
}
