using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluxOps.Core.Git;
using FluxOps.Models;

namespace FluxOps.Core.Hosting.AzureDevOps;

/// <summary>
/// Azure DevOps Git REST API 7.1: commits, commit changes and items to read; one POST .../pushes to write, whose
/// refUpdates oldObjectId is the tip we read (a 409, or a 400 naming the stale ref, means the branch moved). Pull
/// requests through POST .../pullrequests.
/// </summary>
internal sealed partial class AzureDevOpsClient : HostingClient
{
    private const string Version = "api-version=7.1";
    private const string NoObject = "0000000000000000000000000000000000000000";
    private readonly string _web;
    private readonly string _base;

    /// <param name="repository">organization/project/repository (checked by <see cref="HostingProviders.Connect"/>).</param>
    public AzureDevOpsClient(string? apiUrl, string repository, HostingCredential credential, HttpClient http)
        : base(PullRequestProvider.AzureDevOps, repository, credential, http)
    {
        var parts = repository.Split('/');
        var root = (apiUrl ?? "https://dev.azure.com").TrimEnd('/');
        _web = $"{root}/{parts[0]}/{parts[1]}/_git/{parts[2]}";
        _base = $"{root}/{Escape(parts[0])}/{Escape(parts[1])}/_apis/git/repositories/{Escape(parts[2])}";
    }

    public override IReadOnlyList<RestCommit> ListCommits(string refOrSha, string? path, int limit, CancellationToken cancellationToken)
    {
        var type = FullSha().IsMatch(refOrSha) ? "commit" : "branch";
        var url = $"{_base}/commits?searchCriteria.itemVersion.version={Escape(refOrSha)}&searchCriteria.itemVersion.versionType={type}" +
            $"&searchCriteria.$top={Math.Clamp(limit, 1, 1000)}{(path is null ? string.Empty : "&searchCriteria.itemPath=" + Escape("/" + path))}&{Version}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        if (response.Status is 404 or 400)
        {
            return [];
        }

        // The list truncates long comments; the trailers are at the end, so read those commits whole.
        return (Http.Ensure(response, url, "list commits").Json["value"]?.AsArray() ?? []).Select(c =>
            (bool?)c!["commentTruncated"] == true ? GetCommit((string)c["commitId"]!, cancellationToken)! : ToCommit(c)).ToList();
    }

    public override RestCommit? GetCommit(string sha, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits/{Escape(sha)}?{Version}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status is 404 or 400 ? null : ToCommit(Http.Ensure(response, url, $"read commit {sha}").Json);
    }

    public override IReadOnlyList<string> ChangedPaths(RestCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var changes = Http.Json(HttpMethod.Get, $"{_base}/commits/{commit.Sha}/changes?{Version}", null, $"read the changes of {commit.Sha}", cancellationToken);
        return (changes["changes"]?.AsArray() ?? [])
            .Where(c => (bool?)c!["item"]?["isFolder"] != true)
            .SelectMany(c => new[] { (string?)c!["item"]?["path"], (string?)c["sourceServerItem"] })
            .OfType<string>().Select(p => p.TrimStart('/')).Distinct(StringComparer.Ordinal).ToList();
    }

    public override byte[]? ReadFile(string commitSha, string path, CancellationToken cancellationToken)
    {
        var url = $"{_base}/items?path={Escape("/" + path)}&versionDescriptor.version={commitSha}&versionDescriptor.versionType=commit&$format=octetStream&{Version}";
        var response = Http.Send(HttpMethod.Get, url, null, cancellationToken, accept: "application/octet-stream");
        return response.Status == 404 ? null : Http.Ensure(response, url, $"read {path}").Body;
    }

    public override string Commit(RestCommitRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var changes = new JsonArray();
        foreach (var action in request.Actions)
        {
            var change = new JsonObject
            {
                ["changeType"] = action.Kind switch { RestFileActionKind.Create => "add", RestFileActionKind.Update => "edit", _ => "delete" },
                ["item"] = new JsonObject { ["path"] = "/" + action.Path },
            };
            if (action.Content is not null)
            {
                change["newContent"] = new JsonObject { ["content"] = Convert.ToBase64String(action.Content), ["contentType"] = "base64Encoded" };
            }

            changes.Add(change);
        }

        var url = $"{_base}/pushes?{Version}";
        var response = Http.Send(HttpMethod.Post, url, new JsonObject
        {
            // A new branch is created by the push itself (from the all-zero id), its commit's parent named explicitly.
            ["refUpdates"] = new JsonArray(new JsonObject { ["name"] = "refs/heads/" + request.Branch, ["oldObjectId"] = request.NewBranch ? NoObject : request.ExpectedTip }),
            ["commits"] = new JsonArray(new JsonObject
            {
                ["comment"] = request.Message,
                ["parents"] = new JsonArray(request.ExpectedTip),
                ["author"] = new JsonObject { ["name"] = request.AuthorName, ["email"] = request.AuthorEmail },
                ["changes"] = changes,
            }),
        }, cancellationToken);
        var stale = response.Status == 409 || (response.Status == 400 && response.Text.Contains("TF401028", StringComparison.Ordinal));
        if (stale && request.NewBranch)
        {
            throw new RestBranchExistsException($"The branch {request.Branch} already exists on {Location}; nothing was written.");
        }

        if (stale)
        {
            throw new RestBranchMovedException($"{request.Branch} moved on {Location} after {request.ExpectedTip[..7]} was read; nothing was written.");
        }

        var pushed = Http.Ensure(response, url, "push the revert commit").Json;
        return (string)pushed["commits"]![0]!["commitId"]!;
    }

    public override string OpenPullRequest(PullRequestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = $"{_base}/pullrequests?{Version}";
        var response = Http.Send(HttpMethod.Post, url, new JsonObject
        {
            ["sourceRefName"] = "refs/heads/" + request.HeadBranch,
            ["targetRefName"] = "refs/heads/" + request.BaseBranch,
            ["title"] = request.Title,
            ["description"] = request.Body,
        }, cancellationToken);
        if (ExistingPullRequest(response, request, cancellationToken) is { } existing)
        {
            return existing;
        }

        var created = Http.Ensure(response, url, $"open a pull request from {request.HeadBranch} into {request.BaseBranch}", "PullRequestFailed").Json;
        var id = (int?)created["pullRequestId"] ?? throw new GitOperationException("PullRequestFailed", FailureKind.InvalidData, $"{Location} opened the pull request but did not say which.");
        // The answer's repository has no web URL (its remoteUrl is the git remote): the web URL is built as the portal builds it.
        return $"{_web}/pullrequest/{id}";
    }

    private static RestCommit ToCommit(JsonNode json) => new(
        (string)json["commitId"]!,
        (string?)json["comment"] ?? string.Empty,
        DateTimeOffset.Parse((string)json["committer"]!["date"]!, CultureInfo.InvariantCulture),
        (json["parents"]?.AsArray() ?? []).Select(p => (string)p!).ToList());

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex FullSha();
}
