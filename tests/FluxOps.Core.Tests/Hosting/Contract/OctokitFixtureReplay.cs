using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hosting.Contract;

/// <summary>
/// Serves one @octokit/fixtures scenario (GitHub's recorded real interactions) on loopback, in order: a request is
/// answered with the recorded response only when its method and path match the next unused recording and its body
/// carries every recorded field; anything else is 501, so a client that asks something else fails.
/// </summary>
internal sealed class OctokitFixtureReplay : IDisposable
{
    private readonly List<JsonObject> _recorded;
    private readonly bool[] _used;
    private readonly LoopbackHttpServer _server;

    public OctokitFixtureReplay(string scenario)
    {
        var folder = ContractRun.Required("FLUXOPS_OCTOKIT_FIXTURES");
        _recorded = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, scenario, "normalized-fixture.json")))!.AsArray().Select(n => n!.AsObject()).ToList();
        _used = new bool[_recorded.Count];
        _server = new LoopbackHttpServer(HandleAsync);
    }

    /// <summary>Where a GitHub Enterprise Server client would find the API (the client adds /api/v3).</summary>
    public string ApiUrl => $"http://{_server.Host}";

    public IReadOnlyList<string> Unused(string method) =>
        _recorded.Where((r, i) => !_used[i] && string.Equals((string?)r["method"], method, StringComparison.OrdinalIgnoreCase)).Select(r => (string)r["path"]!).ToList();

    public void Dispose() => _server.Dispose();

    private async Task HandleAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var path = request.RawUrl!.Split('?')[0];
        path = path.StartsWith("/api/v3", StringComparison.Ordinal) ? path[7..] : path;
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var sent = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        int index;
        lock (_used)
        {
            index = _recorded.FindIndex(r => !_used[_recorded.IndexOf(r)] && string.Equals((string?)r["method"], request.HttpMethod, StringComparison.OrdinalIgnoreCase)
                && (string?)r["path"] == path && Carries(sent, r["body"]));
            if (index >= 0)
            {
                _used[index] = true;
            }
        }

        if (index < 0)
        {
            await LoopbackHttpServer.RespondAsync(context, 501, null, Encoding.UTF8.GetBytes($"no recorded interaction for {request.HttpMethod} {path} {sent}")).ConfigureAwait(false);
            return;
        }

        var recorded = _recorded[index];
        var response = recorded["response"];
        var body = response is JsonValue value && value.TryGetValue<string>(out var text) ? Encoding.UTF8.GetBytes(text) : Encoding.UTF8.GetBytes(response?.ToJsonString() ?? string.Empty);
        var type = (string?)recorded["headers"]?["content-type"] ?? "application/json; charset=utf-8";
        await LoopbackHttpServer.RespondAsync(context, (int)recorded["status"]!, new Dictionary<string, string> { ["Content-Type"] = type }, body).ConfigureAwait(false);
    }

    /// <summary>The sent JSON has every field of the recorded body with the same value (extra fields are allowed).</summary>
    private static bool Carries(string sent, JsonNode? recorded)
    {
        if (recorded is not JsonObject fields || fields.Count == 0)
        {
            return true;
        }

        try
        {
            var json = JsonNode.Parse(sent) as JsonObject;
            return json is not null && fields.All(f => JsonNode.DeepEquals(json[f.Key], f.Value));
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
