using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace FluxOps.Testing;

/// <summary>One request the fake pull request service received.</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// A loopback HTTP server implementing only the endpoints FluxOps calls to open pull requests: GitHub
/// (<c>POST /api/v3/repos/{owner}/{repo}/pulls</c>, Enterprise layout), GitLab
/// (<c>POST /api/v4/projects/{id}/merge_requests</c>) and Azure DevOps
/// (<c>POST /{org}/{project}/_apis/git/repositories/{repo}/pullrequests</c>). The real services are not reachable from
/// test machines; the responses carry the fields FluxOps reads, shaped like the real APIs. It records every request.
/// </summary>
public sealed class FakePullRequestServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FakePullRequestServer()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Status code to answer with (e.g. 422 to simulate a refusal).</summary>
    public int Status { get; set; } = 201;

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested || !_listener.IsListening)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync().ConfigureAwait(false);
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                .ToDictionary(k => k!, k => context.Request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            var path = context.Request.Url!.AbsolutePath;
            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.RawUrl ?? path, headers, body));
            var response = Respond(path);
            context.Response.StatusCode = response is null ? 404 : Status;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(Status >= 400 ? """{"message":"Validation Failed"}""" : response ?? """{"message":"Not Found"}""");
            await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
            context.Response.Close();
        }
    }

    private string? Respond(string path)
    {
        var segments = path.Trim('/').Split('/');
        if (path.StartsWith("/api/v3/repos/", StringComparison.Ordinal) && path.EndsWith("/pulls", StringComparison.Ordinal))
        {
            var repo = $"{segments[3]}/{segments[4]}";
            return $$"""
                {"id":1,"number":7,"state":"open","title":"t","html_url":"https://github.example/{{repo}}/pull/7",
                 "url":"{{BaseUrl}}/api/v3/repos/{{repo}}/pulls/7","user":{"login":"fluxops","id":1},
                 "head":{"ref":"h","sha":"0"},"base":{"ref":"b","sha":"0"},"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}
                """;
        }

        if (path.StartsWith("/api/v4/projects/", StringComparison.Ordinal) && path.EndsWith("/merge_requests", StringComparison.Ordinal))
        {
            return """{"id":1,"iid":12,"web_url":"https://gitlab.example/acme/fleet/-/merge_requests/12"}""";
        }

        if (path.Contains("/_apis/git/repositories/", StringComparison.Ordinal) && path.EndsWith("/pullrequests", StringComparison.Ordinal))
        {
            return "{\"pullRequestId\":42,\"repository\":{\"webUrl\":\"https://dev.azure.example/" + segments[0] + "/" + segments[1] + "/_git/" + segments[5] + "\"}}";
        }

        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }
}
