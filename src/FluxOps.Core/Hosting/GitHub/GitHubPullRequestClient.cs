using Octokit;

namespace FluxOps.Core.Hosting.GitHub;

/// <summary>GitHub (and GitHub Enterprise Server, whose API lives under /api/v3/) through Octokit.</summary>
internal sealed class GitHubPullRequestClient : IPullRequestClient
{
    private readonly GitHubClient _client;

    public GitHubPullRequestClient(string? apiUrl, string token)
    {
        var header = new ProductHeaderValue("FluxOps");
        _client = apiUrl is null ? new GitHubClient(header) : new GitHubClient(header, new Uri(apiUrl));
        _client.Credentials = new Credentials(token);
    }

    public async Task<string> CreateAsync(PullRequestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parts = request.Repository.Path.Split('/', 2);
        try
        {
            var created = await _client.PullRequest.Create(parts[0], parts[1], new NewPullRequest(request.Title, request.HeadBranch, request.BaseBranch)
            {
                Body = request.Body,
            }).ConfigureAwait(false);
            return created.HtmlUrl;
        }
        catch (ApiException ex)
        {
            throw new PullRequestException("PullRequestFailed",
                $"GitHub refused the pull request for {request.Repository.Path} ({(int)ex.StatusCode}): {ex.Message}", request.Repository.Path, ex);
        }
    }
}
