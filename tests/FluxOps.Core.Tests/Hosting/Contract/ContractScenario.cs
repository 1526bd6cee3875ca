using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Rollback;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Hosting.Contract;

/// <summary>
/// Every request FluxOps sends to a hosting service, against one fleet: a rollback for a Kustomization and one for a
/// HelmRelease (history pages, trees, blobs, commits, the compare-and-swap write), a revert proposed as a pull request
/// and found again, a lost race, and the 401, 403 and 404 answers.
/// </summary>
internal static class ContractScenario
{
    public static void Exercise(RestFleet fleet)
    {
        var options = new RollbackPolicyOptions { Cooldown = TimeSpan.Zero };
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        Assert.Equal(RollbackOutcome.Reverted, new RollbackEngine(fleet.Repository(), options).Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None).Outcome);

        fleet.Scenario.SyncPublisher();
        var values = fleet.Push("podinfo: 3 replicas", "apps/podinfo/values.yaml", "replicaCount: 3\n");
        var helm = RollbackEvents.For(values);
        (helm.Kind, helm.Namespace, helm.Name, helm.Reason, helm.Revision, helm.Sha) = ("HelmRelease", "apps", "podinfo", "UpgradeFailed", "6.5.0", null);
        var proposing = new RestRollbackRepository(fleet.Api(), "main") { PullRequestBranch = "fluxops/revert-{shortsha}" };
        Assert.Equal(RollbackOutcome.Reverted, new RollbackEngine(proposing, options).Handle(helm, Approve.Always, CancellationToken.None).Outcome);
        Assert.Equal(RollbackReason.AlreadyProposed, new RollbackEngine(proposing, options).Handle(helm, Approve.Always, CancellationToken.None).Reason);

        var api = fleet.Api();
        var head = $"fluxops/revert-{values[..7]}";
        Assert.NotNull(api.OpenPullRequest(new PullRequestRequest(head, "main", "again", "body"), CancellationToken.None));
        var tip = api.BranchTip("main", CancellationToken.None)!;
        var change = new RestCommitRequest("main", bad, bad, "stale", [new RestFileAction(RestFileActionKind.Update, "infra/redis.yaml", "x: 1\n"u8.ToArray())], "FluxOps", "fluxops@example.test");
        Assert.Throws<RestBranchMovedException>(() => api.Commit(change, CancellationToken.None));
        Assert.NotEmpty(api.ListTree(tip, CancellationToken.None));

        Assert.Equal("RestApiAuthenticationFailed", Assert.Throws<GitOperationException>(() => fleet.Api("wrong-token").ListTree(tip, CancellationToken.None)).ErrorId);
        fleet.Host.ReadOnlyToken = "read-only-token";
        var readOnly = fleet.Api("read-only-token");
        Assert.Equal("RestApiForbidden", Assert.Throws<GitOperationException>(() => readOnly.Commit(change with { ExpectedTip = tip }, CancellationToken.None)).ErrorId);
        var unknown = HostingProviders.Connect(new HostingTarget { Provider = fleet.Provider, ApiUrl = fleet.ApiUrl, Repository = fleet.RepositoryId.Replace("fleet", "nope", StringComparison.Ordinal), Token = RestFleet.Token, Environment = _ => null });
        Assert.Equal("RestApiNotFound", Assert.Throws<GitOperationException>(() => unknown.OpenPullRequest(new PullRequestRequest(head, "main", "t", "b"), CancellationToken.None)).ErrorId);
    }
}
