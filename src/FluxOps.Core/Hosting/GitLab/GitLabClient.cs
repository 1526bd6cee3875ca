using System.Globalization;
using System.Text.Json.Nodes;
using FluxOps.Core.Git;
using FluxOps.Models;

namespace FluxOps.Core.Hosting.GitLab;

/// <summary>
/// GitLab's REST API v4: commits, commit diff and raw files to read; one POST /repository/commits with create/update/
/// delete actions to write. GitLab has no expected-tip check on a branch, so the write is guarded twice: the branch must
/// still be at the tip the revert was planned on (the whole tree it assumes) just before the POST, and every
/// update/delete carries <c>last_commit_id</c> (GitLab refuses when the file changed since) and every create fails when
/// the file exists, which closes the remaining gap for the files the revert touches. Merge requests through POST
/// /merge_requests.
/// </summary>
internal sealed partial class GitLabClient : HostingClient
{
    private readonly string _project;
    private readonly string _base;

    public GitLabClient(string? apiUrl, string project, HostingCredential credential, HttpClient http)
        : base(PullRequestProvider.GitLab, project, credential, http)
    {
        _project = $"{(apiUrl ?? "https://gitlab.com").TrimEnd('/')}/api/v4/projects/{Escape(project)}";
        _base = _project + "/repository";
    }

    public override IReadOnlyList<RestCommit> ListCommits(string refOrSha, string? path, int limit, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits?ref_name={Escape(refOrSha)}&per_page={Math.Clamp(limit, 1, 100)}" +
            (path is null ? string.Empty : $"&path={Escape(path)}");
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status == 404 ? [] : Http.Ensure(response, url, "list commits").Json.AsArray().Select(c => ToCommit(c!)).ToList();
    }

    public override RestCommit? GetCommit(string sha, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits/{Escape(sha)}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status == 404 ? null : ToCommit(Http.Ensure(response, url, $"read commit {sha}").Json);
    }

    public override IReadOnlyList<string> ChangedPaths(RestCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var diff = Http.Json(HttpMethod.Get, $"{_base}/commits/{commit.Sha}/diff?per_page=100", null, $"read the diff of {commit.Sha}", cancellationToken);
        return diff.AsArray().SelectMany(d => new[] { (string?)d!["old_path"], (string?)d["new_path"] })
            .OfType<string>().Distinct(StringComparer.Ordinal).ToList();
    }

    public override byte[]? ReadFile(string commitSha, string path, CancellationToken cancellationToken)
    {
        var url = $"{_base}/files/{Escape(path)}/raw?ref={Escape(commitSha)}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken, accept: "*/*");
        return response.Status == 404 ? null : Http.Ensure(response, url, $"read {path}").Body;
    }

    public override string Commit(RestCommitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.NewBranch && BranchTip(request.Branch, cancellationToken) is { } tip && tip != request.ExpectedTip)
        {
            throw new RestBranchMovedException($"{request.Branch} moved on {Location} after {request.ExpectedTip[..7]} was read (now {tip[..7]}); nothing was written.");
        }

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
        var body = new JsonObject
        {
            ["branch"] = request.Branch,
            ["commit_message"] = request.Message,
            ["author_name"] = request.AuthorName,
            ["author_email"] = request.AuthorEmail,
            ["actions"] = actions,
        };
        if (request.NewBranch)
        {
            body["start_sha"] = request.ExpectedTip; // the new branch starts exactly at the tip the revert was planned on
        }

        var response = Http.Send(HttpMethod.Post, url, body, cancellationToken);
        if (request.NewBranch && response.Status == 400 && response.Text.Contains("already exists", StringComparison.OrdinalIgnoreCase) && response.Text.Contains("branch", StringComparison.OrdinalIgnoreCase))
        {
            throw new RestBranchExistsException($"The branch {request.Branch} already exists on {Location}; nothing was written.");
        }

        if (response.Status == 400 && IsFileConflict(response.Text))
        {
            throw new RestBranchMovedException($"A file the revert touches changed on {request.Branch} ({Location}) after it was read; nothing was written.");
        }

        return (string)Http.Ensure(response, url, "create the revert commit").Json["id"]!;
    }

    public override string OpenPullRequest(PullRequestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = $"{_project}/merge_requests";
        var response = Http.Send(HttpMethod.Post, url, new JsonObject
        {
            ["source_branch"] = request.HeadBranch,
            ["target_branch"] = request.BaseBranch,
            ["title"] = request.Title,
            ["description"] = request.Body,
            ["remove_source_branch"] = true,
        }, cancellationToken);
        if (ExistingPullRequest(response, request, cancellationToken) is { } existing)
        {
            return existing;
        }

        var created = Http.Ensure(response, url, $"open a merge request from {request.HeadBranch} into {request.BaseBranch}", "PullRequestFailed").Json;
        return (string?)created["web_url"] ?? throw new GitOperationException("PullRequestFailed", FailureKind.InvalidData, $"{Location} opened the merge request but did not say where.");
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
