using FluxOps.Core.Hosting;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hosting;

/// <summary>The three pull request APIs, against a loopback server implementing the endpoints used (the real services are unreachable here).</summary>
public sealed class PullRequestClientTests : IDisposable
{
    private readonly FakePullRequestServer _server = new();

    [Theory]
    [InlineData("https://github.com/acme/fleet.git", PullRequestProvider.GitHub, "acme/fleet")]
    [InlineData("git@github.com:acme/fleet.git", PullRequestProvider.GitHub, "acme/fleet")]
    [InlineData("https://gitlab.com/acme/platform/fleet.git", PullRequestProvider.GitLab, "acme/platform/fleet")]
    [InlineData("https://acme@dev.azure.com/acme/Platform/_git/fleet", PullRequestProvider.AzureDevOps, "acme/Platform/fleet")]
    [InlineData("git@ssh.dev.azure.com:v3/acme/Platform/fleet", PullRequestProvider.AzureDevOps, "acme/Platform/fleet")]
    public void Provider_and_repository_are_recognised_from_the_remote_url(string url, PullRequestProvider provider, string path)
    {
        Assert.Equal(provider, PullRequestProviders.Detect(url));
        Assert.Equal(path, PullRequestProviders.Repository(provider, url).Path);
    }

    [Fact]
    public void Tokens_come_from_the_explicit_value_or_the_providers_ci_variable()
    {
        var env = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = "gh", ["CI_JOB_TOKEN"] = "job", ["SYSTEM_ACCESSTOKEN"] = "ado" };

        Assert.Equal("gh", PullRequestProviders.Token(PullRequestProvider.GitHub, null, k => env.GetValueOrDefault(k)));
        Assert.Equal("job", PullRequestProviders.Token(PullRequestProvider.GitLab, null, k => env.GetValueOrDefault(k)));
        Assert.Equal("ado", PullRequestProviders.Token(PullRequestProvider.AzureDevOps, null, k => env.GetValueOrDefault(k)));
        Assert.Equal("explicit", PullRequestProviders.Token(PullRequestProvider.GitHub, "explicit", k => env.GetValueOrDefault(k)));
        Assert.Null(PullRequestProviders.Token(PullRequestProvider.GitHub, null, _ => null));
    }

    [Fact]
    public async Task GitHub_pull_request_through_octokit()
    {
        var client = PullRequestProviders.Create(PullRequestProvider.GitHub, _server.BaseUrl, "gh-token-1");

        var url = await client.CreateAsync(Request("acme/fleet"), CancellationToken.None);

        Assert.Equal("https://github.example/acme/fleet/pull/7", url);
        var sent = Assert.Single(_server.Requests);
        Assert.Equal("POST", sent.Method);
        Assert.Equal("/api/v3/repos/acme/fleet/pulls", sent.Path);
        Assert.Equal("token gh-token-1", sent.Headers["Authorization"], ignoreCase: true);
        Assert.Equal("fluxops/revert-abc1234", sent.Json.GetProperty("head").GetString());
        Assert.Equal("main", sent.Json.GetProperty("base").GetString());
    }

    [Fact]
    public async Task GitLab_merge_request_with_private_token()
    {
        var client = PullRequestProviders.Create(PullRequestProvider.GitLab, _server.BaseUrl, "gl-token-1");

        var url = await client.CreateAsync(Request("acme/platform/fleet"), CancellationToken.None);

        Assert.Equal("https://gitlab.example/acme/fleet/-/merge_requests/12", url);
        var sent = Assert.Single(_server.Requests);
        Assert.Equal("/api/v4/projects/acme%2Fplatform%2Ffleet/merge_requests", sent.Path);
        Assert.Equal("gl-token-1", sent.Headers["PRIVATE-TOKEN"]);
        Assert.Equal("fluxops/revert-abc1234", sent.Json.GetProperty("source_branch").GetString());
        Assert.Equal("main", sent.Json.GetProperty("target_branch").GetString());
    }

    [Fact]
    public async Task Azure_devops_pull_request_with_a_pat()
    {
        var client = PullRequestProviders.Create(PullRequestProvider.AzureDevOps, _server.BaseUrl, "ado-pat");

        var url = await client.CreateAsync(Request("acme/Platform/fleet"), CancellationToken.None);

        Assert.Equal("https://dev.azure.example/acme/Platform/_git/fleet/pullrequest/42", url);
        var sent = Assert.Single(_server.Requests);
        Assert.Equal("/acme/Platform/_apis/git/repositories/fleet/pullrequests?api-version=7.1", sent.Path);
        Assert.Equal("Basic " + Convert.ToBase64String("::ado-pat"u8.ToArray()[1..]), sent.Headers["Authorization"]);
        Assert.Equal("refs/heads/fluxops/revert-abc1234", sent.Json.GetProperty("sourceRefName").GetString());
    }

    [Fact]
    public async Task A_refusal_is_a_clear_error_without_the_token()
    {
        _server.Status = 422;
        var client = PullRequestProviders.Create(PullRequestProvider.GitLab, _server.BaseUrl, "gl-secret-token");

        var error = await Assert.ThrowsAsync<PullRequestException>(() => client.CreateAsync(Request("acme/fleet"), CancellationToken.None));

        Assert.Equal("PullRequestFailed", error.ErrorId);
        Assert.Contains("422", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("gl-secret-token", error.ToString(), StringComparison.Ordinal);
    }

    private static PullRequestRequest Request(string path) =>
        new(new HostedRepository("example", path), "fluxops/revert-abc1234", "main", "Revert abc1234 (FluxOps)", "body");

    public void Dispose() => _server.Dispose();
}
