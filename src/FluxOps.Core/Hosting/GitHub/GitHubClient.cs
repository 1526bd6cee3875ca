using System.Text.Json.Nodes;
using FluxOps.Core.Git;
using FluxOps.Models;

namespace FluxOps.Core.Hosting.GitHub;

/// <summary>
/// GitHub's REST API (github.com or GitHub Enterprise Server's /api/v3): commits and contents to read, the Git Data
/// API to write (blobs, a tree on base_tree, a commit), and PATCH of the branch ref with force=false as the
/// compare-and-swap: a 422 "not a fast forward" means the branch moved since we read it. Files are read through the
/// trees and blobs of the Git Data API, so a restored file keeps its mode (executable bit, symlink). Pull requests
/// through POST /pulls.
/// </summary>
internal sealed partial class GitHubClient : HostingClient
{
    private readonly string _base;

    public GitHubClient(string? apiUrl, string repository, HostingCredential credential, HttpClient http)
        : base(PullRequestProvider.GitHub, repository, credential, http) => _base = $"{ApiRoot(apiUrl)}/repos/{repository}";

    public override IReadOnlyList<RestCommit> ListCommits(string refOrSha, string? path, int limit, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits?sha={Escape(refOrSha)}&per_page={Math.Clamp(limit, 1, 100)}" +
            (path is null ? string.Empty : $"&path={Escape(path)}");
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        if (response.Status is 404 or 409 or 422)
        {
            return []; // unknown ref (or an empty repository)
        }

        return Http.Ensure(response, url, "list commits").Json.AsArray().Select(c => ToCommit(c!)).ToList();
    }

    public override RestCommit? GetCommit(string sha, CancellationToken cancellationToken) => GetCommitJson(sha, cancellationToken) is { } json ? ToCommit(json) : null;

    public override IReadOnlyList<string> ChangedPaths(RestCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var json = GetCommitJson(commit.Sha, cancellationToken) ?? throw NotFound(commit.Sha);
        return (json["files"]?.AsArray() ?? []).SelectMany(f => new[] { (string?)f!["filename"], (string?)f["previous_filename"] })
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    public override byte[]? ReadFile(string commitSha, string path, CancellationToken cancellationToken) => ReadEntry(commitSha, path, cancellationToken)?.Content;

    public override string Commit(RestCommitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tip = GetCommit(request.ExpectedTip, cancellationToken) ?? throw NotFound(request.ExpectedTip);
        // Blobs, trees and commits are content-addressed (sending one twice creates nothing new), so those POSTs may be
        // retried; only the ref PATCH moves anything, and it is sent once as the compare-and-swap.
        var entries = new JsonArray();
        foreach (var action in request.Actions)
        {
            JsonNode? blob = null;
            if (action.Content is not null)
            {
                var created = Http.Json(HttpMethod.Post, $"{_base}/git/blobs",
                    new JsonObject { ["content"] = Convert.ToBase64String(action.Content), ["encoding"] = "base64" }, $"create a blob for {action.Path}", cancellationToken, retryWrite: true);
                blob = (string?)created["sha"];
            }

            // A null sha deletes the path from base_tree. A restored file gets the mode it had (100755, 120000 symlink).
            entries.Add(new JsonObject { ["path"] = action.Path, ["mode"] = action.Mode ?? "100644", ["type"] = "blob", ["sha"] = blob });
        }

        var tree = Http.Json(HttpMethod.Post, $"{_base}/git/trees", new JsonObject { ["base_tree"] = tip.TreeSha, ["tree"] = entries }, "create the revert tree", cancellationToken, retryWrite: true);
        var author = new JsonObject { ["name"] = request.AuthorName, ["email"] = request.AuthorEmail, ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) };
        var commit = Http.Json(HttpMethod.Post, $"{_base}/git/commits", new JsonObject
        {
            ["message"] = request.Message,
            ["tree"] = (string?)tree["sha"],
            ["parents"] = new JsonArray(request.ExpectedTip),
            ["author"] = author,
        }, "create the revert commit", cancellationToken, retryWrite: true);
        var sha = (string)commit["sha"]!;
        if (request.NewBranch)
        {
            return CreateBranch(request.Branch, sha, cancellationToken) ? sha
                : throw new RestBranchExistsException($"The branch {request.Branch} already exists on {Location}; nothing was written.");
        }

        return MoveBranch(request.Branch, sha, cancellationToken) ? sha
            : throw new RestBranchMovedException($"{request.Branch} moved on {Location} after {request.ExpectedTip[..7]} was read (update is not a fast-forward); nothing was written.");
    }

    /// <summary>PATCH the branch ref with force=false: false when GitHub answers 422 "Update is not a fast forward".</summary>
    internal bool MoveBranch(string branch, string sha, CancellationToken cancellationToken)
    {
        var refUrl = $"{_base}/git/refs/heads/{EscapePath(branch)}";
        var moved = Http.Send(HttpMethod.Patch, refUrl, new JsonObject { ["sha"] = sha, ["force"] = false }, cancellationToken);
        if (moved.Status == 422 && moved.Text.Replace('-', ' ').Contains("fast forward", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        Http.Ensure(moved, refUrl, $"move {branch}");
        return true;
    }

    public override IReadOnlyList<RestCommit> ListCommitPage(string branch, int page, int perPage, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits?sha={Escape(branch)}&per_page={Math.Clamp(perPage, 1, 100)}&page={Math.Max(1, page)}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status is 404 or 409 or 422 ? [] : Http.Ensure(response, url, "list commits").Json.AsArray().Select(c => ToCommit(c!)).ToList();
    }

    private JsonNode? GetCommitJson(string sha, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits/{Escape(sha)}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        // GitHub answers an unknown commit with 422 "No commit found"; 404 means the repository is unknown (or hidden).
        return response.Status == 422 ? null : Http.Ensure(response, url, $"read commit {sha}").Json;
    }

    private static RestCommit ToCommit(JsonNode json) => new(
        (string)json["sha"]!,
        (string?)json["commit"]?["message"] ?? string.Empty,
        DateTimeOffset.Parse((string)json["commit"]!["committer"]!["date"]!, System.Globalization.CultureInfo.InvariantCulture),
        (json["parents"]?.AsArray() ?? []).Select(p => (string)p!["sha"]!).ToList())
    {
        TreeSha = (string?)json["commit"]?["tree"]?["sha"],
    };

    public override string OpenPullRequest(PullRequestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = $"{_base}/pulls";
        var response = Http.Send(HttpMethod.Post, url, new JsonObject
        {
            ["title"] = request.Title,
            ["head"] = request.HeadBranch,
            ["base"] = request.BaseBranch,
            ["body"] = request.Body,
        }, cancellationToken);
        if (ExistingPullRequest(response, request, cancellationToken) is { } existing)
        {
            return existing;
        }

        var created = Http.Ensure(response, url, $"open a pull request from {request.HeadBranch} into {request.BaseBranch}", "PullRequestFailed").Json;
        return (string?)created["html_url"] ?? throw new GitOperationException("PullRequestFailed", FailureKind.InvalidData, $"{Location} opened the pull request but did not say where.");
    }

    /// <summary>
    /// -ApiUrl as users give it: github.com means api.github.com, any other host is a GitHub Enterprise Server whose
    /// REST API lives under /api/v3.
    /// </summary>
    public static string ApiRoot(string? apiUrl)
    {
        if (string.IsNullOrWhiteSpace(apiUrl))
        {
            return "https://api.github.com";
        }

        var root = apiUrl.TrimEnd('/');
        var host = Uri.TryCreate(root, UriKind.Absolute, out var uri) ? uri.Host : string.Empty;
        if (host is "github.com" or "api.github.com")
        {
            return "https://api.github.com";
        }

        return root.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase) ? root : root + "/api/v3";
    }

    private GitOperationException NotFound(string sha) =>
        new("RestCommitNotFound", FailureKind.ObjectNotFound, $"{Location} does not know commit {sha}.", sha);
}
