using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Hostile;

/// <summary>
/// The same rule through the REST ledger (no native git): RestBranchHistory feeds RevertGuard the changes it reads
/// through the hosting API, so a claimed revert is checked against what the commits really changed there too.
/// </summary>
public sealed class RestTrailerForgeryTests
{
    [Theory]
    [MemberData(nameof(RestRollbackTests.Providers), MemberType = typeof(RestRollbackTests))]
    public void A_claimed_revert_is_rolled_back_and_a_real_git_revert_counts(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider);
        var seed = fleet.Scenario.RemoteHead;
        var claims = fleet.Push($"Bump web to 2.0.0\n\nThis reverts commit {seed}.", "apps/web.yaml", RestFleet.Web("2.0.0"));

        var decision = fleet.Engine().Handle(RollbackEvents.For(claims), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Equal(claims, decision.BadSha);

        fleet.Scenario.SyncPublisher();
        var bad = fleet.Push("Bump web to 3.0.0", "apps/web.yaml", RestFleet.Web("3.0.0"));
        fleet.Scenario.Publisher.Git("revert", "--no-edit", bad);
        fleet.Scenario.Publisher.Git("push", "-q", "origin", "HEAD:main");

        var again = fleet.Engine().Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.AlreadyReverted, again.Reason);
        Assert.Single(fleet.RemoteReverts());
    }
}
