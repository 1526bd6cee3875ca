using System.Text;
using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using FluxOps.Core.Revert;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Rollback;

/// <summary>
/// Rollback without native git: history read and revert written only through the hosting service's REST API, against
/// a fake of GitHub, GitLab and Azure DevOps that stores everything in a real bare git repository.
/// </summary>
public sealed class RestRollbackTests
{
    public static TheoryData<PullRequestProvider> Providers => new() { PullRequestProvider.GitHub, PullRequestProvider.GitLab, PullRequestProvider.AzureDevOps };

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_revert_through_the_API_restores_every_touched_file_from_the_parent_and_carries_the_trailers(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider);
        fleet.Scenario.Publisher.Git("rm", "-q", "infra/redis.yaml");
        var bad = fleet.Scenario.Push("Bump web to 2.0.0, add a cache, drop redis", new Dictionary<string, string>
        {
            ["apps/web.yaml"] = RestFleet.Web("2.0.0"),
            ["apps/cache.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cache}\n",
        });

        var decision = fleet.Engine().Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        var revert = fleet.Scenario.RemoteHead;
        Assert.Equal(decision.Revert!.RevertSha, revert);
        Assert.Equal(bad, fleet.Scenario.Git("rev-parse", revert + "^"));
        var message = fleet.Scenario.RemoteMessage(revert);
        Assert.StartsWith($"Revert \"Bump web to 2.0.0, add a cache, drop redis\"\n\nThis reverts commit {bad}.\n", message, StringComparison.Ordinal);
        Assert.Contains("Reverted-by: FluxOps", message, StringComparison.Ordinal);
        Assert.Contains($"Fluxops-Reverts: {bad}", message, StringComparison.Ordinal);
        Assert.Contains("Fluxops-Reason: Kustomization/flux-system/apps HealthCheckFailed", message, StringComparison.Ordinal);
        Assert.Contains("Fluxops-Bad-Image: ghcr.io/acme/web:2.0.0", message, StringComparison.Ordinal);
        Assert.Equal(fleet.Scenario.RemoteFile(bad + "^", "infra/redis.yaml"), fleet.Scenario.RemoteFile(revert, "infra/redis.yaml"));
        Assert.Equal(string.Empty, fleet.Scenario.Git("ls-tree", "--name-only", revert, "apps/cache.yaml"));
        var web = fleet.Scenario.RemoteFile(revert, "apps/web.yaml");
        Assert.Contains("ghcr.io/acme/web:1.0.0", web, StringComparison.Ordinal);
        Assert.Contains(ImagePolicyMarkers.PausedKey, web, StringComparison.Ordinal); // image automation paused, as the git revert does
        Assert.Equal(["apps/web.yaml"], fleet.Scenario.Git("diff", "--name-only", bad + "^", revert).Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_second_event_is_skipped_as_already_reverted_from_the_trailers_read_through_the_API(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        fleet.Engine().Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None);

        var again = fleet.Engine().Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None);
        var loop = fleet.Engine().Handle(RollbackEvents.For(fleet.Scenario.RemoteHead), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.AlreadyReverted, again.Reason);
        Assert.Equal(RollbackReason.IsFluxOpsRevert, loop.Reason);
        Assert.Single(fleet.RemoteReverts());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_touched_file_changed_since_the_bad_commit_is_refused_and_nothing_is_written(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        fleet.Push("Bump web to 2.0.1", "apps/web.yaml", RestFleet.Web("2.0.1"));
        var before = fleet.Scenario.RemoteRefs;
        var repository = fleet.Repository();
        repository.Refresh(CancellationToken.None);

        var refused = Assert.Throws<GitOperationException>(() => repository.Revert(bad, "test", RollbackEvents.For(bad), CancellationToken.None));

        Assert.Equal("RestRevertRefused", refused.ErrorId);
        Assert.Equal(["apps/web.yaml"], refused.ConflictingFiles);
        Assert.Contains("changed since", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, fleet.Scenario.RemoteRefs);
        Assert.Equal(0, fleet.Host.Writes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void When_another_receiver_reverts_between_our_read_and_our_write_the_decision_is_remade_and_only_one_revert_exists(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        string? rival = null;
        fleet.Host.BeforeWrite = () =>
        {
            var store = fleet.Host.Store;
            var tip = store.ResolveCommit("refs/heads/main")!;
            var message = $"Revert \"Bump web to 2.0.0\"\n\nThis reverts commit {bad}.\n\n" + FluxOpsTrailers.Format([bad], "Kustomization/flux-system/apps HealthCheckFailed: rival", []);
            rival = store.CommitOnto(tip, [new StoreFileChange("apps/web.yaml", Encoding.UTF8.GetBytes(RestFleet.Web("1.0.0")))], message);
            Assert.True(store.UpdateRef("refs/heads/main", rival, tip));
        };

        var decision = fleet.Engine().Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Skipped, decision.Outcome);
        Assert.Equal(RollbackReason.AlreadyReverted, decision.Reason);
        Assert.Equal([rival!], fleet.RemoteReverts());
        Assert.Equal(rival, fleet.Scenario.RemoteHead);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_wrong_token_is_an_authentication_error_that_never_shows_the_token(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider);
        const string wrong = "wrong-token-3c4d5e6f";

        var error = Assert.Throws<GitOperationException>(() => fleet.Repository(wrong).Refresh(CancellationToken.None));

        Assert.Equal("RestApiAuthenticationFailed", error.ErrorId);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(RestFleet.Token, error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>Flux failure events for the fleet's "apps" Kustomization.</summary>
internal static class RollbackEvents
{
    public static FluxEvent For(string sha) => new()
    {
        Kind = "Kustomization",
        Namespace = "flux-system",
        Name = "apps",
        Uid = "uid-apps",
        Severity = "error",
        Reason = "HealthCheckFailed",
        Message = "health check failed after 5m0s",
        Revision = $"main@sha1:{sha}",
        Sha = sha,
        Timestamp = DateTimeOffset.UtcNow,
    };
}
