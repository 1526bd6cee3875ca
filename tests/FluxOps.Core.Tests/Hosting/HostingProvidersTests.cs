using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Hosting;

/// <summary>The one entry point: provider, repository, token and how it is sent, decided once.</summary>
public sealed class HostingProvidersTests
{
    [Theory]
    [InlineData("https://github.com/acme/fleet.git", PullRequestProvider.GitHub, "acme/fleet")]
    [InlineData("git@github.com:acme/fleet.git", PullRequestProvider.GitHub, "acme/fleet")]
    [InlineData("https://gitlab.com/acme/platform/fleet.git", PullRequestProvider.GitLab, "acme/platform/fleet")]
    [InlineData("https://acme@dev.azure.com/acme/Platform/_git/fleet", PullRequestProvider.AzureDevOps, "acme/Platform/fleet")]
    [InlineData("git@ssh.dev.azure.com:v3/acme/Platform/fleet", PullRequestProvider.AzureDevOps, "acme/Platform/fleet")]
    public void Provider_and_repository_are_recognised_from_the_remote_url(string url, PullRequestProvider provider, string path)
    {
        var client = HostingProviders.Connect(new HostingTarget { RemoteUrl = url, Token = "t" });

        Assert.Equal(provider, client.Provider);
        Assert.Equal(path, client.Repository);
    }

    [Theory]
    [InlineData(PullRequestProvider.GitHub, null, "GITHUB_TOKEN", "Authorization: Bearer from-env")]
    [InlineData(PullRequestProvider.GitHub, "pat", "GITHUB_TOKEN", "Authorization: Bearer pat")]
    [InlineData(PullRequestProvider.GitLab, null, "GITLAB_TOKEN", "PRIVATE-TOKEN: from-env")]
    [InlineData(PullRequestProvider.GitLab, null, "CI_JOB_TOKEN", "JOB-TOKEN: from-env")]
    [InlineData(PullRequestProvider.GitLab, "from-env", "CI_JOB_TOKEN", "JOB-TOKEN: from-env")]
    [InlineData(PullRequestProvider.GitLab, "pat", "CI_JOB_TOKEN", "PRIVATE-TOKEN: pat")]
    [InlineData(PullRequestProvider.AzureDevOps, null, "SYSTEM_ACCESSTOKEN", "Authorization: Bearer from-env")]
    [InlineData(PullRequestProvider.AzureDevOps, "pat", "SYSTEM_ACCESSTOKEN", "Authorization: Basic OnBhdA==")]
    public void The_token_and_its_header_follow_from_where_the_token_came_from(PullRequestProvider provider, string? explicitToken, string variable, string header)
    {
        using var request = new HttpRequestMessage();

        HostingCredential.Resolve(provider, explicitToken, name => name == variable ? "from-env" : null)!.Apply(request.Headers);

        Assert.Equal(header, Assert.Single(request.Headers.Select(h => $"{h.Key}: {string.Join(",", h.Value)}")));
    }

    [Fact]
    public void Gitlab_prefers_a_personal_token_over_the_job_token()
    {
        var env = new Dictionary<string, string?> { ["GITLAB_TOKEN"] = "personal", ["CI_JOB_TOKEN"] = "job" };

        Assert.Equal("personal", HostingCredential.Resolve(PullRequestProvider.GitLab, null, k => env.GetValueOrDefault(k))!.Token);
        Assert.Null(HostingCredential.Resolve(PullRequestProvider.GitHub, null, k => env.GetValueOrDefault(k)));
    }

    [Fact]
    public void Without_a_token_the_error_names_the_variables_to_set()
    {
        var error = Assert.Throws<GitOperationException>(() =>
            HostingProviders.Connect(new HostingTarget { RemoteUrl = "https://gitlab.example/acme/fleet.git", Environment = _ => null }));

        Assert.Equal("RestTokenMissing", error.ErrorId);
        Assert.Contains("GITLAB_TOKEN or CI_JOB_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_service_asks_for_provider_and_never_shows_credentials_from_the_url()
    {
        var error = Assert.Throws<GitOperationException>(() =>
            HostingProviders.Connect(new HostingTarget { RemoteUrl = "https://bot:hunter2@git.example/acme/fleet.git?x=y", Token = "t" }));

        Assert.Equal("RestProviderUnknown", error.ErrorId);
        Assert.Contains("-Provider", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PullRequestProvider.GitHub, "fleet", "owner/name")]
    [InlineData(PullRequestProvider.AzureDevOps, "acme/fleet", "organization/project/repository")]
    [InlineData(PullRequestProvider.GitLab, "acme//fleet", "group/project")]
    public void A_repository_in_the_wrong_shape_is_refused_before_any_request(PullRequestProvider provider, string repository, string shape)
    {
        var error = Assert.Throws<GitOperationException>(() =>
            HostingProviders.Connect(new HostingTarget { Provider = provider, Repository = repository, Token = "t" }));

        Assert.Equal("RestRepositoryInvalid", error.ErrorId);
        Assert.Contains(shape, error.Message, StringComparison.Ordinal);
    }
}
