using System.Text;
using FluxOps.Core.Git;
using FluxOps.Core.Revert;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Revert;

/// <summary>Invoke-FluxRevert's REST path: retries on a moved branch, loop protection, against the fake hosting APIs.</summary>
public sealed class RestReverterTests
{
    public static TheoryData<PullRequestProvider> Providers => new() { PullRequestProvider.GitHub, PullRequestProvider.GitLab, PullRequestProvider.AzureDevOps };

    [Theory]
    [MemberData(nameof(Providers))]
    public void When_an_unrelated_commit_lands_between_read_and_write_the_revert_still_lands_on_top_of_it(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        string? unrelated = null;
        fleet.Host.BeforeWrite = () =>
        {
            var store = fleet.Host.Store;
            var tip = store.ResolveCommit("refs/heads/main")!;
            unrelated = store.CommitOnto(tip, [new StoreFileChange("infra/redis.yaml", Encoding.UTF8.GetBytes("maxmemory: 300mb\n"))], "Tune redis\n");
            Assert.True(store.UpdateRef("refs/heads/main", unrelated, tip));
        };

        var result = Assert.Single(RestReverter.Run(fleet.Api(), new RestRevertRequest { Commits = [bad[..10]], Branch = "main", Reason = "manual" }));

        Assert.True(result.Pushed);
        Assert.Equal(bad, result.RevertedSha);
        Assert.Equal(result.RevertSha, fleet.Scenario.RemoteHead);
        Assert.Equal(unrelated, fleet.Scenario.Git("rev-parse", "main^"));
        Assert.Equal("maxmemory: 300mb", fleet.Scenario.RemoteFile("main", "infra/redis.yaml"));
        Assert.Contains("ghcr.io/acme/web:1.0.0", fleet.Scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal);
        // GitHub and Azure DevOps compare-and-swap on the branch (lost once, re-planned); GitLab checks only the touched files.
        Assert.Equal(provider == PullRequestProvider.GitLab ? 1 : 2, result.Attempts);
    }

    [Fact]
    public void A_FluxOps_revert_is_not_reverted_without_Force_and_a_reverted_commit_is_skipped()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitHub);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        var first = Assert.Single(RestReverter.Run(fleet.Api(), new RestRevertRequest { Commits = [bad], Branch = "main" }));

        var again = Assert.Single(RestReverter.Run(fleet.Api(), new RestRevertRequest { Commits = [bad], Branch = "main" }));
        var loop = Assert.Throws<GitOperationException>(() => RestReverter.Run(fleet.Api(), new RestRevertRequest { Commits = [first.RevertSha!], Branch = "main" }));

        Assert.True(again.Skipped);
        Assert.Contains("already reverted", again.SkipReason, StringComparison.Ordinal);
        Assert.Equal("RevertOfFluxOpsRevert", loop.ErrorId);
        Assert.Equal(first.RevertSha, fleet.Scenario.RemoteHead);
    }

    [Fact]
    public void Declining_the_approval_writes_nothing()
    {
        using var fleet = new RestFleet(PullRequestProvider.AzureDevOps);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        string? asked = null;

        var results = RestReverter.Run(fleet.Api(), new RestRevertRequest { Commits = [bad], Branch = "main", Approve = d => { asked = d; return false; } });

        Assert.Empty(results);
        Assert.Contains("update apps/web.yaml", asked, StringComparison.Ordinal);
        Assert.Equal(bad, fleet.Scenario.RemoteHead);
        Assert.Equal(0, fleet.Host.Writes);
    }
}
