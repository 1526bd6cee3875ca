using System.Globalization;
using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Hosting;

/// <summary>
/// The merged clients against the fake hosting service over a real bare repository: pull requests for each provider,
/// retried reads, writes sent once, and failures that say 401, 403, 404 or rate limit apart without the token.
/// </summary>
public sealed class HostingClientTests
{
    private const string Head = "fluxops/revert-abc1234";

    public static TheoryData<PullRequestProvider> Providers => new() { PullRequestProvider.GitHub, PullRequestProvider.GitLab, PullRequestProvider.AzureDevOps };

    [Fact]
    public void GitHub_pull_request_with_a_bearer_token()
    {
        using var fleet = FleetWithRevertBranch(PullRequestProvider.GitHub);

        var url = fleet.Api().OpenPullRequest(new PullRequestRequest(Head, "main", "Revert abc1234 (FluxOps)", "body"), CancellationToken.None);

        Assert.Equal("https://github.example/acme/fleet/pull/1", url);
        var sent = Assert.Single(fleet.Host.PullRequests);
        Assert.Equal("/github/api/v3/repos/acme/fleet/pulls", sent.Path);
        Assert.Equal("Bearer " + RestFleet.Token, sent.Headers["Authorization"]);
        Assert.Equal(Head, sent.Json.GetProperty("head").GetString());
        Assert.Equal("main", sent.Json.GetProperty("base").GetString());
        Assert.Equal("Revert abc1234 (FluxOps)", sent.Json.GetProperty("title").GetString());
    }

    [Fact]
    public void GitLab_merge_request_with_a_private_token_that_removes_its_branch_when_merged()
    {
        using var fleet = FleetWithRevertBranch(PullRequestProvider.GitLab);

        var url = fleet.Api().OpenPullRequest(new PullRequestRequest(Head, "main", "t", "body"), CancellationToken.None);

        Assert.Equal("https://gitlab.example/acme/fleet/-/merge_requests/1", url);
        var sent = Assert.Single(fleet.Host.PullRequests);
        Assert.Equal("/gitlab/api/v4/projects/acme%2Ffleet/merge_requests", sent.Path);
        Assert.Equal(RestFleet.Token, sent.Headers["PRIVATE-TOKEN"]);
        Assert.Equal(Head, sent.Json.GetProperty("source_branch").GetString());
        Assert.True(sent.Json.GetProperty("remove_source_branch").GetBoolean());
    }

    [Fact]
    public void Azure_devops_pull_request_with_a_pat()
    {
        using var fleet = FleetWithRevertBranch(PullRequestProvider.AzureDevOps);

        var url = fleet.Api().OpenPullRequest(new PullRequestRequest(Head, "main", "t", "body"), CancellationToken.None);

        Assert.Equal($"{fleet.Host.AzureDevOpsApiUrl}/acme/platform/_git/fleet/pullrequest/1", url);
        var sent = Assert.Single(fleet.Host.PullRequests);
        Assert.Equal("/azdo/acme/platform/_apis/git/repositories/fleet/pullrequests?api-version=7.1", sent.Path);
        Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(":" + RestFleet.Token)), sent.Headers["Authorization"]);
        Assert.Equal("refs/heads/" + Head, sent.Json.GetProperty("sourceRefName").GetString());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_refused_pull_request_is_a_clear_error_without_the_token(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider); // no revert branch pushed: every service refuses

        var error = Assert.Throws<GitOperationException>(() => fleet.Api().OpenPullRequest(new PullRequestRequest(Head, "main", "t", "b"), CancellationToken.None));

        Assert.Equal("PullRequestFailed", error.ErrorId);
        Assert.Contains(provider == PullRequestProvider.GitHub ? "(422)" : "(400)", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RestFleet.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_read_answered_429_is_retried_after_retry_after_and_succeeds(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider);
        fleet.Host.Fail(429, new Dictionary<string, string> { ["Retry-After"] = "1" });

        var commits = fleet.Api().ListCommits("main", null, 10, CancellationToken.None);

        Assert.Equal(fleet.Scenario.RemoteHead, commits[0].Sha);
        Assert.Equal(2, fleet.Host.Requests.Count(r => r.Method == "GET"));
    }

    [Fact]
    public void A_pull_request_answered_503_is_not_sent_again()
    {
        using var fleet = FleetWithRevertBranch(PullRequestProvider.GitHub);
        fleet.Host.Fail(503);

        var error = Assert.Throws<GitOperationException>(() => fleet.Api().OpenPullRequest(new PullRequestRequest(Head, "main", "t", "b"), CancellationToken.None));

        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Single(fleet.Host.Requests, r => r.Method == "POST");
        Assert.Empty(fleet.Host.PullRequests);
    }

    [Theory]
    [InlineData(401, "RestApiAuthenticationFailed", "did not accept the token")]
    [InlineData(403, "RestApiForbidden", "not allowed")]
    [InlineData(404, "RestApiNotFound", "does not exist, or the token cannot see it")]
    public void Unauthorized_forbidden_and_not_found_are_told_apart(int status, string errorId, string advice)
    {
        using var fleet = new RestFleet(PullRequestProvider.GitLab);
        var api = fleet.Api();
        var commit = api.GetCommit(fleet.Scenario.RemoteHead, CancellationToken.None)!;
        fleet.Host.Fail(status);

        var error = Assert.Throws<GitOperationException>(() => api.ChangedPaths(commit, CancellationToken.None));

        Assert.Equal(errorId, error.ErrorId);
        Assert.Contains($"({status})", error.Message, StringComparison.Ordinal);
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
        Assert.Contains("GitLab acme/fleet", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(RestFleet.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_exhausted_rate_limit_that_resets_in_an_hour_fails_at_once_saying_so()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitHub);
        var reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        fleet.Host.Fail(403, new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset });

        var error = Assert.Throws<GitOperationException>(() => fleet.Api().ListCommits("main", null, 10, CancellationToken.None));

        Assert.Equal("RestApiRateLimited", error.ErrorId);
        Assert.Contains("rate limit resets in", error.Message, StringComparison.Ordinal);
        Assert.Single(fleet.Host.Requests);
    }

    private static RestFleet FleetWithRevertBranch(PullRequestProvider provider)
    {
        var fleet = new RestFleet(provider);
        fleet.Scenario.Git("branch", Head, "main");
        return fleet;
    }
}
