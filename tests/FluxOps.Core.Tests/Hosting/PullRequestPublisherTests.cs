using FluxOps.Core.Hosting;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Hosting;

/// <summary>The one pull request FluxOps writes for a revert pushed to its own branch, whichever cmdlet pushed it.</summary>
public sealed class PullRequestPublisherTests
{
    private const string Branch = "fluxops/revert-abc1234";

    [Fact]
    public void A_pushed_revert_gets_one_pull_request_whose_url_is_on_the_result()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitHub);
        fleet.Scenario.Git("branch", Branch, "main");
        var bad = fleet.Scenario.RemoteHead;
        var results = new[] { new RevertResult { RevertedSha = bad, Pushed = true, Branch = Branch } };
        var log = new List<string>();

        var url = PullRequestPublisher.Publish(Target(fleet), new PullRequestProposal("main", results, "crashloop on web"), log.Add, CancellationToken.None);

        Assert.Equal("https://github.example/acme/fleet/pull/1", url);
        Assert.Equal(url, results[0].PullRequestUrl);
        var sent = Assert.Single(fleet.Host.PullRequests).Json;
        Assert.Equal($"Revert {bad[..7]} (FluxOps)", sent.GetProperty("title").GetString());
        Assert.Equal($"FluxOps reverted {bad} on `main`.\n\nReason: crashloop on web", sent.GetProperty("body").GetString());
        Assert.Equal($"Opening a GitHub pull request from {Branch} into main.", Assert.Single(log));
    }

    [Fact]
    public void An_automated_rollback_says_so_and_names_the_flux_event()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitLab);
        fleet.Scenario.Git("branch", Branch, "main");
        var bad = fleet.Scenario.RemoteHead;
        var flux = new FluxEvent { Kind = "Kustomization", Namespace = "flux-system", Name = "apps", Reason = "HealthCheckFailed", Revision = "main@sha1:" + bad };
        var proposal = new PullRequestProposal("main", [new RevertResult { RevertedSha = bad, Pushed = true, Branch = Branch }], "health check failed") { Event = flux };

        PullRequestPublisher.Publish(Target(fleet), proposal, null, CancellationToken.None);

        var sent = Assert.Single(fleet.Host.PullRequests).Json;
        Assert.Equal($"Revert {bad[..7]} (FluxOps rollback)", sent.GetProperty("title").GetString());
        var body = sent.GetProperty("description").GetString()!;
        Assert.StartsWith($"FluxOps automated rollback reverted {bad} on `main`.\n\nReason: health check failed", body, StringComparison.Ordinal);
        Assert.Contains($"at revision `main@sha1:{bad}`", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_pushed_means_no_pull_request_and_no_request()
    {
        using var fleet = new RestFleet(PullRequestProvider.AzureDevOps);
        var skipped = new RevertResult { RevertedSha = fleet.Scenario.RemoteHead, Skipped = true, SkipReason = "already reverted" };

        var url = PullRequestPublisher.Publish(Target(fleet), new PullRequestProposal("main", [skipped], null), null, CancellationToken.None);

        Assert.Null(url);
        Assert.Null(skipped.PullRequestUrl);
        Assert.Empty(fleet.Host.Requests);
    }

    private static HostingTarget Target(RestFleet fleet) =>
        new() { Provider = fleet.Provider, ApiUrl = fleet.ApiUrl, Repository = fleet.RepositoryId, Token = RestFleet.Token, Environment = _ => null };
}
