using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxOps.Testing;

/// <summary>One request the fake hosting service received, with every header (for assertions on how the token was sent).</summary>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// Pull (merge) requests, as the real services open them: only from a head branch that exists in the repository into a
/// base branch that exists (otherwise 422 / 400 / 400), answered with the fields FluxOps reads. Every request that opens
/// one is recorded in <see cref="PullRequests"/>.
/// </summary>
public sealed partial class FakeGitHostServer
{
    private readonly ConcurrentQueue<RecordedRequest> _pullRequests = new();
    private int _lastPullRequest;

    public IReadOnlyList<RecordedRequest> PullRequests => _pullRequests.ToArray();

    private (int, object) PullRequest(string service, string repository, HttpListenerRequest request, JsonNode? input)
    {
        var headers = request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        _pullRequests.Enqueue(new RecordedRequest(request.HttpMethod, request.RawUrl ?? string.Empty, headers, input?.ToJsonString() ?? string.Empty));
        var (head, target) = service switch
        {
            "github" => ((string?)input?["head"], (string?)input?["base"]),
            "gitlab" => ((string?)input?["source_branch"], (string?)input?["target_branch"]),
            _ => (((string?)input?["sourceRefName"])?.Replace("refs/heads/", string.Empty, StringComparison.Ordinal),
                ((string?)input?["targetRefName"])?.Replace("refs/heads/", string.Empty, StringComparison.Ordinal)),
        };
        if (head is null || target is null || Store.ResolveCommit("refs/heads/" + head) is null || Store.ResolveCommit("refs/heads/" + target) is null)
        {
            return (service == "github" ? 422 : 400, Message($"Validation Failed: branch '{head}' or '{target}' does not exist"));
        }

        var number = Interlocked.Increment(ref _lastPullRequest);
        return (201, service switch
        {
            "github" => new JsonObject { ["number"] = number, ["html_url"] = $"https://github.example/{repository}/pull/{number}" },
            "gitlab" => new JsonObject { ["iid"] = number, ["web_url"] = $"https://gitlab.example/{repository}/-/merge_requests/{number}" },
            _ => new JsonObject
            {
                ["pullRequestId"] = number,
                ["repository"] = new JsonObject { ["webUrl"] = $"https://dev.azure.example/{string.Join('/', repository.Split('/')[..2])}/_git/{repository.Split('/')[2]}" },
            },
        });
    }
}
