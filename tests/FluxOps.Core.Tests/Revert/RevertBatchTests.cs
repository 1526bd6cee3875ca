using FluxOps.Core.Git;
using FluxOps.Core.Revert;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Revert;

/// <summary>
/// A range of commits that includes earlier FluxOps reverts: the reverts are skipped (with a reason the cmdlet turns into a
/// warning) and the rest of the batch is still reverted, with git and through a hosting API. Alone, a revert is still refused.
/// </summary>
public sealed class RevertBatchTests : IDisposable
{
    private readonly FluxRepoScenario _scenario = new();

    public RevertBatchTests() => FluxFleet.Seed(_scenario);

    [Fact]
    public void A_range_with_an_earlier_fluxops_revert_skips_it_and_reverts_the_rest()
    {
        using var clone = _scenario.NewClone();
        var first = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        _scenario.Pull(clone);
        var earlier = Assert.Single(Run(clone, first)).RevertSha!;
        _scenario.SyncPublisher();
        var second = _scenario.Push("Tune redis", new Dictionary<string, string> { ["infra/redis.yaml"] = "maxmemory: 50mb\n" });

        var results = Run(clone, second, earlier);

        var skipped = Assert.Single(results, r => r.Skipped);
        Assert.Equal(earlier, skipped.RevertedSha);
        Assert.Contains("is itself a FluxOps revert (of " + first[..7] + ")", skipped.SkipReason, StringComparison.Ordinal);
        var reverted = Assert.Single(results, r => !r.Skipped);
        Assert.Equal(second, reverted.RevertedSha);
        Assert.Equal(_scenario.RemoteHead, reverted.RevertSha);
        Assert.Contains("web:1.0.0", _scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal); // the earlier revert stands
    }

    [Fact]
    public void The_same_revert_given_alone_is_still_refused()
    {
        using var clone = _scenario.NewClone();
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        _scenario.Pull(clone);
        var revert = Assert.Single(Run(clone, bad)).RevertSha!;

        var error = Assert.Throws<GitOperationException>(() => Run(clone, revert));

        Assert.Equal("RevertOfFluxOpsRevert", error.ErrorId);
    }

    [Fact]
    public void Through_a_hosting_api_the_batch_skips_the_revert_too()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitHub);
        var first = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        var earlier = Assert.Single(RestReverter.Run(fleet.Api(), new RestRevertRequest { Commits = [first], Branch = "main" })).RevertSha!;
        fleet.Scenario.SyncPublisher();
        var second = fleet.Push("Tune redis", "infra/redis.yaml", "maxmemory: 50mb\n");

        var results = RestReverter.Run(fleet.Api(), new RestRevertRequest { Commits = [earlier, second], Branch = "main" });

        Assert.True(Assert.Single(results, r => r.RevertedSha == earlier).Skipped);
        Assert.True(Assert.Single(results, r => r.RevertedSha == second).Pushed);
        Assert.Equal(2, fleet.RemoteReverts().Count);
    }

    private IReadOnlyList<RevertResult> Run(GitWorkTree clone, params string[] commits) => FluxReverter.Run(new RevertRequest
    {
        RepositoryPath = clone.Path,
        Commits = commits,
        Credential = new GitCredential(_scenario.Server.User, _scenario.Server.Password),
        Settings = new RevertSettings { Reason = "batch" },
    });

    public void Dispose() => _scenario.Dispose();
}
