using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace FluxOps.Testing;

/// <summary>One request the fake answered and its answer, as the contract tests validate them against the published descriptions.</summary>
public sealed record HostExchange(
    string Method,
    string Path,
    string Query,
    string? RequestType,
    string? Accept,
    string RequestBody,
    int Status,
    string ResponseType,
    string ResponseBody);

/// <summary>The exchange log: every request and answer, in order, writable as JSON for a validator in another process.</summary>
public sealed partial class FakeGitHostServer
{
    private readonly ConcurrentQueue<HostExchange> _exchanges = new();

    public IReadOnlyList<HostExchange> Exchanges => _exchanges.ToArray();

    /// <summary>Forgets the exchanges so far (a test records only the ones it is about).</summary>
    public void ClearExchanges() => _exchanges.Clear();

    /// <summary>Writes <see cref="Exchanges"/> as a JSON array (binary bodies as base64 with a "base64:" prefix).</summary>
    public void SaveExchanges(string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(Exchanges, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));

    private void Record(HttpListenerRequest request, byte[] body, int status, string type, byte[] response)
    {
        var raw = request.RawUrl ?? "/";
        var query = raw.Contains('?', StringComparison.Ordinal) ? raw[(raw.IndexOf('?', StringComparison.Ordinal) + 1)..] : string.Empty;
        _exchanges.Enqueue(new HostExchange(request.HttpMethod, raw.Split('?', 2)[0], query, request.ContentType, request.Headers["Accept"],
            Encoding.UTF8.GetString(body), status, type, type.StartsWith("application/json", StringComparison.Ordinal) ? Encoding.UTF8.GetString(response) : "base64:" + Convert.ToBase64String(response)));
    }
}
