using System.Text.Json.Serialization;

namespace FluxOps.Core.Hosting.GitLab;

/// <summary>GitLab: POST /api/v4/projects/:id/merge_requests with PRIVATE-TOKEN (or JOB-TOKEN in CI).</summary>
internal sealed class GitLabMergeRequestClient : RestPullRequestClient
{
    private readonly string _token;

    public GitLabMergeRequestClient(string? apiUrl, string token)
        : base(apiUrl ?? "https://gitlab.com") => _token = token;

    public override async Task<string> CreateAsync(PullRequestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = $"{BaseUrl}/api/v4/projects/{Uri.EscapeDataString(request.Repository.Path)}/merge_requests";
        var isJobToken = _token == System.Environment.GetEnvironmentVariable("CI_JOB_TOKEN");
        var created = await PostAsync<MergeRequestBody, MergeRequestResponse>(url,
            new MergeRequestBody(request.HeadBranch, request.BaseBranch, request.Title, request.Body, RemoveSourceBranch: true),
            headers => headers.Add(isJobToken ? "JOB-TOKEN" : "PRIVATE-TOKEN", _token), "GitLab", cancellationToken).ConfigureAwait(false);
        return created.WebUrl;
    }

    private sealed record MergeRequestBody(
        [property: JsonPropertyName("source_branch")] string SourceBranch,
        [property: JsonPropertyName("target_branch")] string TargetBranch,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("remove_source_branch")] bool RemoveSourceBranch);

    private sealed record MergeRequestResponse([property: JsonPropertyName("web_url")] string WebUrl);
}
