using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;

namespace FluxOps.Core.Hosting.AzureDevOps;

/// <summary>Azure DevOps Repos: POST {org}/{project}/_apis/git/repositories/{repo}/pullrequests?api-version=7.1.</summary>
internal sealed class AzureDevOpsPullRequestClient : RestPullRequestClient
{
    private readonly string _token;

    public AzureDevOpsPullRequestClient(string? apiUrl, string token)
        : base(apiUrl ?? "https://dev.azure.com") => _token = token;

    public override async Task<string> CreateAsync(PullRequestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = request.Repository.Path.Split('/');
        var (organization, project, repository) = (parts[^3], parts[^2], parts[^1]);
        var url = $"{BaseUrl}/{Uri.EscapeDataString(organization)}/{Uri.EscapeDataString(project)}/_apis/git/repositories/{Uri.EscapeDataString(repository)}/pullrequests?api-version=7.1";
        var isPipelineToken = _token == System.Environment.GetEnvironmentVariable("SYSTEM_ACCESSTOKEN");
        var created = await PostAsync<PullRequestBody, PullRequestResponse>(url,
            new PullRequestBody("refs/heads/" + request.HeadBranch, "refs/heads/" + request.BaseBranch, request.Title, request.Body),
            headers => headers.Authorization = isPipelineToken
                ? new AuthenticationHeaderValue("Bearer", _token)
                : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + _token))),
            "Azure DevOps", cancellationToken).ConfigureAwait(false);
        var web = created.Repository?.WebUrl ?? $"{BaseUrl}/{organization}/{project}/_git/{repository}";
        return $"{web}/pullrequest/{created.PullRequestId}";
    }

    private sealed record PullRequestBody(
        [property: JsonPropertyName("sourceRefName")] string SourceRefName,
        [property: JsonPropertyName("targetRefName")] string TargetRefName,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("description")] string Description);

    private sealed record PullRequestResponse(
        [property: JsonPropertyName("pullRequestId")] int PullRequestId,
        [property: JsonPropertyName("repository")] RepositoryResponse? Repository);

    private sealed record RepositoryResponse([property: JsonPropertyName("webUrl")] string? WebUrl);
}
