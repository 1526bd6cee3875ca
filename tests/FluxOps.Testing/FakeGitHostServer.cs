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
/// must carry the token; only the one repository exists (acme/fleet, GitLab also as project 42, Azure DevOps
/// acme/platform/fleet: anything else is 404 as on the real services), and a <see cref="ReadOnlyToken"/> may read but
/// is refused writes with 403. <see cref="BeforeWrite"/> lets a test move the branch between FluxOps' read and its
/// write; <see cref="Fail"/> answers the next request with a fault. Every exchange is kept in <see cref="Exchanges"/>
/// for the contract tests.
/// </summary>
public sealed partial class FakeGitHostServer : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly string _token;
    private readonly object _writeLock = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<(int Status, Dictionary<string, string> Headers, string? Method)> _faults = new();

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

    /// <summary>A token the service accepts for reads only: every write answers 403, as a read-scoped token gets.</summary>
    public string? ReadOnlyToken { get; set; }

    /// <summary>
    /// Answers the next request (read or write) with <paramref name="status"/> and <paramref name="headers"/> instead of
    /// serving it, as a service under load does (429 with Retry-After, 503).
    /// </summary>
    public void Fail(int status, IDictionary<string, string>? headers = null, string? method = null) =>
        _faults.Enqueue((status, new Dictionary<string, string>(headers ?? new Dictionary<string, string>()), method));

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

        var access = Access(request.Headers);
        if (access == 0)
        {
            await Reply(context, request, body, 401, segments[0] switch
            {
                "azdo" => Message("TF400813: The user is not authorized to access this resource."),
                "github" => GitHubShapes.Error("Bad credentials"),
                _ => Message("401 Unauthorized"),
            }).ConfigureAwait(false);
            return;
        }

        // A fault for one method (e.g. the ref PATCH) waits for a request with that method; the others pass.
        if (_faults.TryPeek(out var next) && (next.Method is null || next.Method == request.HttpMethod) && _faults.TryDequeue(out var fault))
        {
            Record(request, body, fault.Status, "application/json", "{\"message\":\"injected fault\"}"u8.ToArray());
            await LoopbackHttpServer.RespondAsync(context, fault.Status, fault.Headers, "{\"message\":\"injected fault\"}"u8.ToArray()).ConfigureAwait(false);
            return;
        }

        (int Status, object Body) answer;
        try
        {
            answer = request.HttpMethod == "OPTIONS" || (segments.Length > 2 && segments[0] == "azdo" && segments[2] == "_apis") ? AzureLocations(segments, request)
                : !KnownRepository(segments) ? (404, segments[0] switch
                {
                    "azdo" => Message("TF401019: The Git repository with name or identifier does not exist."),
                    "github" => GitHubShapes.Error("Not Found"),
                    _ => Message("404 Project Not Found"),
                })
                : access == 1 && request.HttpMethod != "GET" ? (403, segments[0] switch
                {
                    "azdo" => Message("TF401027: You need the Git 'GenericContribute' permission to perform this action."),
                    "github" => GitHubShapes.Error("Resource not accessible by personal access token"),
                    _ => Message("403 Forbidden"),
                })
                : Serve(segments, request, body);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or System.Text.Json.JsonException or NullReferenceException or IndexOutOfRangeException)
        {
            answer = (500, Message("fake host failed: " + ex.Message));
        }

        await Reply(context, request, body, answer.Status, answer.Body).ConfigureAwait(false);
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

    private (int, object) Route(string[] segments, HttpListenerRequest request, JsonNode? input) => (request.HttpMethod, segments) switch
    {
        ("POST", ["github", "api", "v3", "repos", var owner, var name, "pulls"]) => PullRequest("github", $"{owner}/{name}", request, input),
        ("GET", ["github", "api", "v3", "repos", var owner, var name, "pulls"]) =>
            ListPullRequests("github", $"{owner}/{name}", request.QueryString["head"]?.Split(':')[^1], request.QueryString["base"]),
        ("POST", ["gitlab", "api", "v4", "projects", var id, "merge_requests"]) => PullRequest("gitlab", id, request, input),
        ("GET", ["gitlab", "api", "v4", "projects", var id, "merge_requests"]) =>
            ListPullRequests("gitlab", id, request.QueryString["source_branch"], request.QueryString["target_branch"]),
        (_, ["azdo", var org, var project, "_apis", "git", "repositories", var repo, var pulls]) when pulls.Equals("pullrequests", StringComparison.OrdinalIgnoreCase) =>
            request.HttpMethod == "POST" ? PullRequest("azdo", $"{org}/{project}/{repo}", request, input)
                : ListPullRequests("azdo", $"{org}/{project}/{repo}", Short(request.QueryString["searchCriteria.sourceRefName"]), Short(request.QueryString["searchCriteria.targetRefName"])),
        _ => Route(segments[0], segments, request, input),
    };

    private (int, object) Route(string service, string[] segments, HttpListenerRequest request, JsonNode? input) => service switch
    {
        // GitHub decodes %2F in a ref ("heads%2Fmain", as Octokit sends it) like a slash.
        "github" when segments.Length > 6 && segments[1] == "api" && segments[2] == "v3" && segments[3] == "repos" => GitHub(string.Join('/', segments[6..]).Split('/'), request, input),
        "gitlab" when segments.Length > 6 && segments[5] == "repository" => GitLab(segments[6..], request, input),
        "azdo" when segments.Length > 7 && segments[3] == "_apis" => AzureDevOps(segments[7..], request, input),
        _ => (404, Message("no such endpoint")),
    };

    /// <summary>2: the token; 1: the read-only token; 0: no token the service knows.</summary>
    private int Access(System.Collections.Specialized.NameValueCollection headers)
    {
        // A PAT goes as Basic with any user name (FluxOps sends none, Microsoft's client sends "PAT").
        var basic = headers["Authorization"] is { } value && value.StartsWith("Basic ", StringComparison.Ordinal) ? Basic(value[6..]) : null;
        bool Sent(string token) =>
            headers["Authorization"] == "Bearer " + token || headers["Authorization"] == "token " + token || basic == token
            || headers["PRIVATE-TOKEN"] == token || headers["JOB-TOKEN"] == token;
        return Sent(_token) ? 2 : ReadOnlyToken is { } readOnly && Sent(readOnly) ? 1 : 0;
    }

    private static string? Basic(string encoded)
    {
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            return pair.Contains(':', StringComparison.Ordinal) ? pair[(pair.IndexOf(':', StringComparison.Ordinal) + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static bool KnownRepository(string[] segments) => segments switch
    {
        ["github", "api", "v3", "repos", "acme", "fleet", ..] => true,
        ["gitlab", "api", "v4", "projects", "acme/fleet" or "42", ..] => true,
        ["azdo", "acme", "platform", "_apis", "git", "repositories", "fleet", ..] => true,
        _ => false,
    };

    private static JsonObject Message(string text) => new() { ["message"] = text };

    private async Task Reply(HttpListenerContext context, HttpListenerRequest request, byte[] requestBody, int status, object body)
    {
        var bytes = body is byte[] raw ? raw : Encoding.UTF8.GetBytes(((JsonNode)body).ToJsonString());
        var type = body is byte[]? "application/octet-stream" : "application/json; charset=utf-8";
        Record(request, requestBody, status, type, bytes);
        await LoopbackHttpServer.RespondAsync(context, status, new Dictionary<string, string> { ["Content-Type"] = type }, bytes).ConfigureAwait(false);
    }

    private static int Limit(string? value, int fallback) => int.TryParse(value, out var n) ? n : fallback;
}
