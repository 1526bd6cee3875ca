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

/// <summary>A pull (merge) request the fake holds.</summary>
public sealed record FakePullRequest(int Number, string Head, string Base, string Title, string Body, bool Open);

/// <summary>
/// Pull (merge) requests, as the real services keep them: opened only from a head branch that exists into a base branch
/// that exists (otherwise 422 / 400 / 400), at most one open per head and base (a second is refused: GitHub 422 "A pull
/// request already exists", GitLab 409, Azure DevOps 409 TF401179), listed by head and base. Every request that opens
/// one is recorded in <see cref="PullRequests"/>; the ones that exist are in <see cref="OpenedPullRequests"/>.
/// </summary>
public sealed partial class FakeGitHostServer
{
    private readonly ConcurrentQueue<RecordedRequest> _pullRequests = new();
    private readonly List<FakePullRequest> _opened = [];

    public IReadOnlyList<RecordedRequest> PullRequests => _pullRequests.ToArray();

    public IReadOnlyList<FakePullRequest> OpenedPullRequests
    {
        get
        {
            lock (_opened)
            {
                return [.. _opened];
            }
        }
    }

    /// <summary>Closes a pull request as a person rejecting it would.</summary>
    public void ClosePullRequest(int number)
    {
        lock (_opened)
        {
            var index = _opened.FindIndex(p => p.Number == number);
            _opened[index] = _opened[index] with { Open = false };
        }
    }

    private (int, object) PullRequest(string service, string repository, HttpListenerRequest request, JsonNode? input)
    {
        var headers = request.Headers.AllKeys.OfType<string>().ToDictionary(k => k, k => request.Headers[k] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
        _pullRequests.Enqueue(new RecordedRequest(request.HttpMethod, request.RawUrl ?? string.Empty, headers, input?.ToJsonString() ?? string.Empty));
        var (head, target, title, body) = service switch
        {
            "github" => ((string?)input?["head"], (string?)input?["base"], (string?)input?["title"], (string?)input?["body"]),
            "gitlab" => ((string?)input?["source_branch"], (string?)input?["target_branch"], (string?)input?["title"], (string?)input?["description"]),
            _ => (Short((string?)input?["sourceRefName"]), Short((string?)input?["targetRefName"]), (string?)input?["title"], (string?)input?["description"]),
        };
        if (head is null || target is null || Store.ResolveCommit("refs/heads/" + head) is null || Store.ResolveCommit("refs/heads/" + target) is null)
        {
            return service == "github" ? (422, GitHubShapes.Error($"Validation Failed: branch '{head}' or '{target}' does not exist"))
                : (400, Message($"Validation Failed: branch '{head}' or '{target}' does not exist"));
        }

        FakePullRequest created;
        lock (_opened)
        {
            if (_opened.FirstOrDefault(p => p.Open && p.Head == head && p.Base == target) is { } open)
            {
                return service switch
                {
                    "github" => (422, new JsonObject
                    {
                        ["message"] = "Validation Failed",
                        ["documentation_url"] = "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
                        ["errors"] = new JsonArray(new JsonObject { ["resource"] = "PullRequest", ["code"] = "custom", ["message"] = $"A pull request already exists for acme:{head}." }),
                    }),
                    "gitlab" => (409, new JsonObject { ["message"] = new JsonArray($"Another open merge request already exists for this source branch: !{open.Number}") }),
                    _ => (409, Message($"TF401179: An active pull request for the source and target branch already exists.")),
                };
            }

            created = new FakePullRequest(_opened.Count + 1, head, target, title ?? string.Empty, body ?? string.Empty, true);
            _opened.Add(created);
        }

        return (201, PullRequestJson(service, repository, created));
    }

    private (int, object) ListPullRequests(string service, string repository, string? head, string? target)
    {
        var found = OpenedPullRequests.Where(p => (head is null || p.Head == head) && (target is null || p.Base == target)).Reverse()
            .Select(p => (JsonNode)PullRequestJson(service, repository, p)).ToArray();
        return (200, service == "azdo" ? new JsonObject { ["value"] = new JsonArray(found), ["count"] = found.Length } : new JsonArray(found));
    }

    private JsonObject PullRequestJson(string service, string repository, FakePullRequest pull) => service switch
    {
        "github" => GitHubShapes.PullRequest(pull, Store.ResolveCommit("refs/heads/" + pull.Head) ?? new string('0', 40), Store.ResolveCommit("refs/heads/" + pull.Base) ?? new string('0', 40)),
        "gitlab" => new JsonObject
        {
            ["iid"] = pull.Number,
            ["state"] = pull.Open ? "opened" : "closed",
            ["title"] = pull.Title,
            ["source_branch"] = pull.Head,
            ["target_branch"] = pull.Base,
            ["web_url"] = $"https://gitlab.example/{repository}/-/merge_requests/{pull.Number}",
        },
        _ => new JsonObject
        {
            ["pullRequestId"] = pull.Number,
            ["status"] = pull.Open ? "active" : "abandoned",
            ["title"] = pull.Title,
            ["sourceRefName"] = "refs/heads/" + pull.Head,
            ["targetRefName"] = "refs/heads/" + pull.Base,
            ["repository"] = new JsonObject
            {
                ["id"] = "8ee9091d-0f54-4633-9bb2-b5ac74855a46",
                ["name"] = repository.Split('/')[2],
                ["url"] = $"https://dev.azure.example/{repository.Split('/')[0]}/_apis/git/repositories/8ee9091d-0f54-4633-9bb2-b5ac74855a46",
            },
        },
    };

    private static string? Short(string? refName) => refName?.Replace("refs/heads/", string.Empty, StringComparison.Ordinal);
}
