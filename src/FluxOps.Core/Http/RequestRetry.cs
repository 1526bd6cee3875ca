namespace FluxOps.Core.Http;

/// <summary>
/// Which requests the retry handler may send again. Idempotent methods may; a POST or PATCH only when its caller
/// says so for this one request (for example a content-addressed write, or an OAuth token request), because sending a
/// write twice may do it twice.
/// </summary>
internal static class RequestRetry
{
    private static readonly HttpRequestOptionsKey<bool> OptIn = new("FluxOps.Http.AllowRetry");

    /// <summary>Marks <paramref name="request"/> safe to send again although its method is not idempotent.</summary>
    public static HttpRequestMessage AllowRetry(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(OptIn, true);
        return request;
    }

    public static bool IsAllowed(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete
            || method == HttpMethod.Options || (request.Options.TryGetValue(OptIn, out var allowed) && allowed);
    }
}
