using System.Collections.Concurrent;
using System.Net;

namespace FluxOps.Testing;

/// <summary>
/// A reverse proxy in front of a real registry that adds a fixed delay to every request (simulated network
/// latency) and counts what reaches the registry, e.g. how many manifest requests a batch made.
/// </summary>
public sealed class RegistryProxy : IDisposable
{
    private static readonly string[] CopiedHeaders = ["Docker-Content-Digest", "WWW-Authenticate", "Docker-Distribution-Api-Version", "Location", "Link"];
    private readonly HttpClient _upstream;
    private readonly LoopbackHttpServer _server;
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public RegistryProxy(Uri upstream, TimeSpan delay)
    {
        _upstream = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, AllowAutoRedirect = false }) { BaseAddress = upstream };
        Delay = delay;
        _server = new LoopbackHttpServer(ForwardAsync);
    }

    public TimeSpan Delay { get; }

    public string Host => _server.Host;

    /// <summary>Requests seen, by "METHOD kind" where kind is manifests, blobs, tags (tag list pages) or other.</summary>
    public int Count(string method, string kind) => _counts.GetValueOrDefault($"{method} {kind}");

    /// <summary>Every request that reached the proxy.</summary>
    public int TotalRequests => _counts.Values.Sum();

    public int ManifestRequests => _counts.Where(c => c.Key.EndsWith(" manifests", StringComparison.Ordinal)).Sum(c => c.Value);

    public void Dispose()
    {
        _server.Dispose();
        _upstream.Dispose();
    }

    private async Task ForwardAsync(HttpListenerContext context, CancellationToken cancellation)
    {
        var path = context.Request.Url!.PathAndQuery;
        var kind = path.Contains("/manifests/", StringComparison.Ordinal) ? "manifests" : path.Contains("/blobs/", StringComparison.Ordinal) ? "blobs"
            : path.Contains("/tags/list", StringComparison.Ordinal) ? "tags" : "other";
        _counts.AddOrUpdate($"{context.Request.HttpMethod} {kind}", 1, (_, n) => n + 1);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellation).ConfigureAwait(false);
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), path.TrimStart('/'));
        foreach (var name in new[] { "Accept", "Authorization" })
        {
            if (context.Request.Headers.GetValues(name) is { } values)
            {
                request.Headers.TryAddWithoutValidation(name, values);
            }
        }

        using var response = await _upstream.SendAsync(request, cancellation).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in CopiedHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                headers[name] = string.Join(", ", values);
            }
        }

        if (response.Content.Headers.ContentType is { } type)
        {
            headers["Content-Type"] = type.ToString();
        }

        // A HEAD answer has no body but must keep the registry's Content-Length.
        if (context.Request.HttpMethod == "HEAD" && response.Content.Headers.ContentLength is { } length)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, value) in headers)
            {
                if (name == "Content-Type")
                {
                    context.Response.ContentType = value;
                }
                else
                {
                    context.Response.AddHeader(name, value);
                }
            }

            context.Response.ContentLength64 = length;
            context.Response.Close();
            return;
        }

        await LoopbackHttpServer.RespondAsync(context, (int)response.StatusCode, headers, body).ConfigureAwait(false);
    }
}
