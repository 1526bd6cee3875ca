using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FluxOps.Core.Git;

namespace FluxOps.Core.Hosting.AzureDevOps;

/// <summary>
/// Azure DevOps Git REST API 7.1: commits, commit changes and items to read; one POST .../pushes to write, whose
/// refUpdates oldObjectId is the tip we read (a 409, or a 400 naming the stale ref, means the branch moved).
/// </summary>
internal sealed partial class AzureDevOpsGitApi : IHostedGitApi
{
    private const string Version = "api-version=7.1";
    private readonly RestHttp _http;
    private readonly string _base;

    /// <param name="repository">organization/project/repository.</param>
    public AzureDevOpsGitApi(string? apiUrl, string repository, string token, bool isPipelineToken)
    {
        var parts = (repository ?? string.Empty).Trim('/').Split('/');
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new GitOperationException("RestRepositoryInvalid", FailureKind.InvalidArgument,
                $"Azure DevOps needs -Repository organization/project/repository, not '{repository}'.", repository);
        }

        _base = $"{(apiUrl ?? "https://dev.azure.com").TrimEnd('/')}/{Uri.EscapeDataString(parts[0])}/{Uri.EscapeDataString(parts[1])}/_apis/git/repositories/{Uri.EscapeDataString(parts[2])}";
        Location = $"Azure DevOps {repository}";
        _http = new RestHttp("Azure DevOps", headers => headers.Authorization = isPipelineToken
            ? new AuthenticationHeaderValue("Bearer", token)
            : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + token))));
    }

    public string Location { get; }

    public IReadOnlyList<RestCommit> ListCommits(string refOrSha, string? path, int limit, CancellationToken cancellationToken)
    {
        var type = FullSha().IsMatch(refOrSha) ? "commit" : "branch";
        var url = $"{_base}/commits?searchCriteria.itemVersion.version={Uri.EscapeDataString(refOrSha)}&searchCriteria.itemVersion.versionType={type}" +
            $"&searchCriteria.$top={Math.Clamp(limit, 1, 1000)}{(path is null ? string.Empty : "&searchCriteria.itemPath=" + Uri.EscapeDataString("/" + path))}&{Version}";
        var response = _http.Send(HttpMethod.Get, url, null, cancellationToken);
        if (response.Status is 404 or 400)
        {
            return [];
        }

        // The list truncates long comments; the trailers are at the end, so read those commits whole.
        return (_http.Ensure(response, url, "list commits").Json["value"]?.AsArray() ?? []).Select(c =>
            (bool?)c!["commentTruncated"] == true ? GetCommit((string)c["commitId"]!, cancellationToken)! : ToCommit(c)).ToList();
    }

    public RestCommit? GetCommit(string sha, CancellationToken cancellationToken)
    {
        var url = $"{_base}/commits/{Uri.EscapeDataString(sha)}?{Version}";
        var response = _http.Send(HttpMethod.Get, url, null, cancellationToken);
        return response.Status is 404 or 400 ? null : ToCommit(_http.Ensure(response, url, $"read commit {sha}").Json);
    }

    public IReadOnlyList<string> ChangedPaths(RestCommit commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var changes = _http.Json(HttpMethod.Get, $"{_base}/commits/{commit.Sha}/changes?{Version}", null, $"read the changes of {commit.Sha}", cancellationToken);
        return (changes["changes"]?.AsArray() ?? [])
            .Where(c => (bool?)c!["item"]?["isFolder"] != true)
            .SelectMany(c => new[] { (string?)c!["item"]?["path"], (string?)c["sourceServerItem"] })
            .OfType<string>().Select(p => p.TrimStart('/')).Distinct(StringComparer.Ordinal).ToList();
    }

    public byte[]? ReadFile(string commitSha, string path, CancellationToken cancellationToken)
    {
        var url = $"{_base}/items?path={Uri.EscapeDataString("/" + path)}&versionDescriptor.version={commitSha}&versionDescriptor.versionType=commit&$format=octetStream&{Version}";
        var response = _http.Send(HttpMethod.Get, url, null, cancellationToken, accept: "application/octet-stream");
        return response.Status == 404 ? null : _http.Ensure(response, url, $"read {path}").Body;
    }

    public string Commit(RestCommitRequest request, CancellationToken cancellationToken)
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
                change["newContent"] = new JsonObject { ["content"] = Convert.ToBase64String(action.Content), ["contentType"] = "base64encoded" };
            }

            changes.Add(change);
        }

        var url = $"{_base}/pushes?{Version}";
        var response = _http.Send(HttpMethod.Post, url, new JsonObject
        {
            ["refUpdates"] = new JsonArray(new JsonObject { ["name"] = "refs/heads/" + request.Branch, ["oldObjectId"] = request.ExpectedTip }),
            ["commits"] = new JsonArray(new JsonObject
            {
                ["comment"] = request.Message,
                ["author"] = new JsonObject { ["name"] = request.AuthorName, ["email"] = request.AuthorEmail },
                ["changes"] = changes,
            }),
        }, cancellationToken);
        if (response.Status == 409 || (response.Status == 400 && response.Text.Contains("TF401028", StringComparison.Ordinal)))
        {
            throw new RestBranchMovedException($"{request.Branch} moved on {Location} after {request.ExpectedTip[..7]} was read; nothing was written.");
        }

        var pushed = _http.Ensure(response, url, "push the revert commit").Json;
        return (string)pushed["commits"]![0]!["commitId"]!;
    }

    private static RestCommit ToCommit(JsonNode json) => new(
        (string)json["commitId"]!,
        (string?)json["comment"] ?? string.Empty,
        DateTimeOffset.Parse((string)json["committer"]!["date"]!, CultureInfo.InvariantCulture),
        (json["parents"]?.AsArray() ?? []).Select(p => (string)p!).ToList());

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex FullSha();
}
