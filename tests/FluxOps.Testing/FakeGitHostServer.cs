using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace FluxOps.Testing;

/// <summary>
/// A loopback fake of the REST endpoints FluxOps' no-native-git mode calls, for GitHub (<c>/github/api/v3/repos/o/r/...</c>),
/// GitLab (<c>/gitlab/api/v4/projects/:id/repository/...</c>) and Azure DevOps
/// (<c>/azdo/org/project/_apis/git/repositories/repo/...</c>), all OVER ONE REAL BARE GIT REPOSITORY: reads are
/// <c>git log</c>/<c>cat-file</c>/<c>diff-tree</c>, writes are real objects and <c>git update-ref new old</c>, so the
/// compare-and-swap semantics are git's. Pull (merge) requests are opened against the same repository. Every request
/// must carry the token. <see cref="BeforeWrite"/> lets a test move the branch between FluxOps' read and its write;
/// <see cref="Fail"/> answers the next request with a fault.
/// </summary>
public sealed partial class FakeGitHostServer : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly string _token;
    private readonly object _writeLock = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(int Status, Dictionary<string, string> Headers)> _faults = new();

    public FakeGitHostServer(string barePath, string token)
    {
        Store = new BareRepositoryStore(barePath);
        _token = token;
        // Another test process can take the free port before we bind it: a fresh listener on another port then.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _server = new LoopbackHttpServer(HandleAsync);
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
    }

    public BareRepositoryStore Store { get; }

    /// <summary>
    /// Answers the next request (read or write) with <paramref name="status"/> and <paramref name="headers"/> instead of
    /// serving it, as a service under load does (429 with Retry-After, 503).
    /// </summary>
    public void Fail(int status, IDictionary<string, string>? headers = null) =>
        _faults.Enqueue((status, new Dictionary<string, string>(headers ?? new Dictionary<string, string>())));

    /// <summary>Runs once, just before the next write request is served (then cleared).</summary>
    public Action? BeforeWrite { get; set; }

    public int Writes { get; private set; }

    public IReadOnlyList<ReceivedRequest> Requests => _server.Requests;

    /// <summary>A GitHub Enterprise Server URL: the REST API is served under <c>/github/api/v3/</c>.</summary>
    public string GitHubApiUrl => $"http://{_server.Host}/github";

    public string GitLabApiUrl => $"http://{_server.Host}/gitlab";

    public string AzureDevOpsApiUrl => $"http://{_server.Host}/azdo";

    public void Dispose() => _server.Dispose();

    private async Task HandleAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var raw = request.RawUrl!.Split('?', 2)[0];
        var segments = raw.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await request.InputStream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        if (!Authorized(request.Headers))
        {
            await Reply(context, 401, Message("401 Unauthorized")).ConfigureAwait(false);
            return;
        }

        if (_faults.TryDequeue(out var fault))
        {
            await LoopbackHttpServer.RespondAsync(context, fault.Status, fault.Headers, "{\"message\":\"injected fault\"}"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        (int Status, object Body) answer;
        try
        {
            answer = Serve(segments, request, body);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.Text.Json.JsonException or NullReferenceException or IndexOutOfRangeException)
        {
            answer = (500, Message("fake host failed: " + ex.Message));
        }

        await Reply(context, answer.Status, answer.Body).ConfigureAwait(false);
    }

    private (int Status, object Body) Serve(string[] segments, HttpListenerRequest request, byte[] body)
    {
        var input = body.Length > 0 ? JsonNode.Parse(body) : null;
        (int Status, object Body) answer;
        if (request.HttpMethod != "GET")
        {
            lock (_writeLock)
            {
                var hook = BeforeWrite;
                BeforeWrite = null;
                hook?.Invoke();
                answer = Route(segments, request, input);
                if (answer.Status is >= 200 and < 300)
                {
                    Writes++;
                }
            }
        }
        else
        {
            answer = Route(segments, request, input);
        }

        return answer;
    }

    private (int, object) Route(string[] segments, HttpListenerRequest request, JsonNode? input) => segments switch
    {
        ["github", "api", "v3", "repos", var owner, var name, "pulls"] when request.HttpMethod == "POST" => PullRequest("github", $"{owner}/{name}", request, input),
        ["gitlab", "api", "v4", "projects", var id, "merge_requests"] when request.HttpMethod == "POST" => PullRequest("gitlab", id, request, input),
        ["azdo", var org, var project, "_apis", "git", "repositories", var repo, "pullrequests"] when request.HttpMethod == "POST" =>
            PullRequest("azdo", $"{org}/{project}/{repo}", request, input),
        _ => Route(segments[0], segments, request, input),
    };

    private (int, object) Route(string service, string[] segments, HttpListenerRequest request, JsonNode? input) => service switch
    {
        "github" when segments.Length > 6 && segments[1] == "api" && segments[2] == "v3" && segments[3] == "repos" => GitHub(segments[6..], request, input),
        "gitlab" when segments.Length > 6 && segments[5] == "repository" => GitLab(segments[6..], request, input),
        "azdo" when segments.Length > 7 && segments[3] == "_apis" => AzureDevOps(segments[7..], request, input),
        _ => (404, Message("no such endpoint")),
    };

    private bool Authorized(System.Collections.Specialized.NameValueCollection headers)
    {
        var authorization = headers["Authorization"];
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + _token));
        return authorization == "Bearer " + _token || authorization == basic || headers["PRIVATE-TOKEN"] == _token || headers["JOB-TOKEN"] == _token;
    }

    private static JsonObject Message(string text) => new() { ["message"] = text };

    private static async Task Reply(HttpListenerContext context, int status, object body)
    {
        var bytes = body is byte[] raw ? raw : Encoding.UTF8.GetBytes(((JsonNode)body).ToJsonString());
        var type = body is byte[]? "application/octet-stream" : "application/json";
        await LoopbackHttpServer.RespondAsync(context, status, new Dictionary<string, string> { ["Content-Type"] = type }, bytes).ConfigureAwait(false);
    }

    private static int Limit(string? value, int fallback) => int.TryParse(value, out var n) ? n : fallback;
}
