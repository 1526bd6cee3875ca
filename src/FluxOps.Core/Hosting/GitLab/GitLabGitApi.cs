using System.Globalization;
using System.Text.Json.Nodes;

namespace FluxOps.Core.Hosting.GitLab;

/// <summary>
/// GitLab's REST API v4: commits, commit diff and raw files to read; one POST /repository/commits with create/update/
/// delete actions to write. GitLab has no expected-tip check on a branch, so every update/delete carries
/// <c>last_commit_id</c> (GitLab refuses when the file changed since) and every create fails when the file exists: the
/// touched files are the compare-and-swap.
/// </summary>
internal sealed class GitLabGitApi : IHostedGitApi
{
    private readonly RestHttp _http;
    private readonly string _base;

    public GitLabGitApi(string? apiUrl, string project, string token, bool isJobToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(project);
        _base = $"{(apiUrl ?? "https://gitlab.com").TrimEnd('/')}/api/v4/projects/{Uri.EscapeDataString(project.Trim('/'))}/repository";
        Location = $"GitLab {project}";
        _http = new RestHttp("GitLab", headers => headers.Add(isJobToken ? "JOB-TOKEN" : "PRIVATE-TOKEN", token));
    }

    public string Location { get; }

    public IReadOnlyList<RestCommit> ListCommits(string refOrSha, string? path, int limit, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits?ref_name={Uri.EscapeDataString(refOrSha)}&per_page={Math.Clamp(limit, 1, 100)}" +
            (path is null ? string.Empty : $"&path={Uri.EscapeDataString(path)}");
        var response = _http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status == 404 ? [] : _http.Ensure(response, url, "list commits").Json.AsArray().Select(c => ToCommit(c!)).ToList();
    }

    public RestCommit? GetCommit(string sha, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits/{Uri.EscapeDataString(sha)}";
        var response = _http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status == 404 ? null : ToCommit(_http.Ensure(response, url, $"read commit {sha}").Json);
    }

    public IReadOnlyList<string> ChangedPaths(RestCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var diff = _http.Json(HttpMethod.Get, $"{_base}/commits/{commit.Sha}/diff?per_page=100", null, $"read the diff of {commit.Sha}", cancellationToken);
        return diff.AsArray().SelectMany(d => new[] { (string?)d!["old_path"], (string?)d["new_path"] })
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    public byte[]? ReadFile(string commitSha, string path, CancellationToken cancellationToken)
    {
        var url = $"{_base}/files/{Uri.EscapeDataString(path)}/raw?ref={Uri.EscapeDataString(commitSha)}";
        var response = _http.Send(HttpMethod.Get, url, null, cancellationToken, accept: "*/*");
        return response.Status == 404 ? null : _http.Ensure(response, url, $"read {path}").Body;
    }

    public string Commit(RestCommitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var actions = new JsonArray();
        foreach (var action in request.Actions)
        {
            var item = new JsonObject
            {
                ["action"] = action.Kind.ToString().ToLowerInvariant(),
                ["file_path"] = action.Path,
            };
            if (action.Content is not null)
            {
                item["content"] = Convert.ToBase64String(action.Content);
                item["encoding"] = "base64";
            }

            if (action.Kind != RestFileActionKind.Create)
            {
                item["last_commit_id"] = request.LastCommitId;
            }

            actions.Add(item);
        }

        var url = $"{_base}/commits";
        var response = _http.Send(HttpMethod.Post, url, new JsonObject
        {
            ["branch"] = request.Branch,
            ["commit_message"] = request.Message,
            ["author_name"] = request.AuthorName,
            ["author_email"] = request.AuthorEmail,
            ["actions"] = actions,
        }, cancellationToken);
        if (response.Status == 400 && IsFileConflict(response.Text))
        {
            throw new RestBranchMovedException($"A file the revert touches changed on {request.Branch} ({Location}) after it was read; nothing was written.");
        }

        return (string)_http.Ensure(response, url, "create the revert commit").Json["id"]!;
    }

    private static bool IsFileConflict(string text) =>
        text.Contains("changed since", StringComparison.OrdinalIgnoreCase)
        || text.Contains("already exists", StringComparison.OrdinalIgnoreCase)
        || text.Contains("doesn't exist", StringComparison.OrdinalIgnoreCase)
        || text.Contains("does not exist", StringComparison.OrdinalIgnoreCase);

    private static RestCommit ToCommit(JsonNode json) => new(
        (string)json["id"]!,
        (string?)json["message"] ?? string.Empty,
        DateTimeOffset.Parse((string)json["committed_date"]!, CultureInfo.InvariantCulture),
        (json["parent_ids"]?.AsArray() ?? []).Select(p => (string)p!).ToList());
}
