using FluxOps.Core.Revert;
using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Rollback;

/// <summary>
/// The circuit breaker spends the automation's own budget: reverts people make with the panic button do not lock the
/// automation out unless configured to, and an open breaker says when it closes and what to do now.
/// </summary>
public sealed class RollbackBudgetTests : IDisposable
{
    private static readonly RollbackPolicyOptions Limit2 = new() { Cooldown = TimeSpan.Zero, MaxRevertsPerWindow = 2, Window = TimeSpan.FromHours(1) };
    private readonly RollbackFleet _fleet = new();

    /// <summary>An engineer breaks and reverts the infra Kustomization by hand (Invoke-FluxRevert's Core), <paramref name="times"/> times.</summary>
    private void ManualReverts(int times)
    {
        using var clone = _fleet.Scenario.NewClone();
        for (var i = 0; i < times; i++)
        {
            _fleet.Scenario.Pull(clone);
            var bad = _fleet.Push($"Break redis {i}", "infra/redis.yaml", $"broken: [{i}");
            var result = Assert.Single(FluxReverter.Run(new RevertRequest
            {
                RepositoryPath = clone.Path,
                Commits = [bad],
                Credential = _fleet.Credential,
                Settings = new RevertSettings { Reason = "redis config typo" },
            }));
            Assert.True(result.Pushed);
            _fleet.Scenario.SyncPublisher();
        }
    }

    [Fact]
    public void Manual_reverts_leave_the_automation_its_budget()
    {
        ManualReverts(3);
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));

        var decision = _fleet.Engine(Limit2).Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        var message = _fleet.Scenario.RemoteMessage(decision.Revert!.RevertSha!);
        Assert.Contains("Fluxops-Trigger: Automation", message, StringComparison.Ordinal);
        Assert.Contains($"Fluxops-Decided-By: rollback policy on {Environment.MachineName}/{Environment.ProcessId}", message, StringComparison.Ordinal);
        Assert.Contains("Fluxops-Trigger: Manual", _fleet.Scenario.RemoteMessage(decision.Revert.RevertSha + "~2"), StringComparison.Ordinal);
    }

    [Fact]
    public void Counting_manual_reverts_opens_the_breaker_and_it_says_when_it_closes_and_what_to_do_now()
    {
        var before = DateTimeOffset.UtcNow;
        ManualReverts(2);
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var options = new RollbackPolicyOptions { Cooldown = TimeSpan.Zero, MaxRevertsPerWindow = 2, Window = TimeSpan.FromHours(1), CountManualReverts = true };

        var decision = _fleet.Engine(options).Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.CircuitOpen, decision.Reason);
        Assert.Equal(2, _fleet.RemoteReverts().Count);
        // It closes when the older of the two reverts leaves the one-hour window.
        var closes = Assert.Single(System.Text.RegularExpressions.Regex.Matches(decision.Message, @"closes at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)Z")).Groups[1].Value;
        var at = DateTimeOffset.ParseExact(closes + "Z", "yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, before.AddHours(1).AddSeconds(-2), DateTimeOffset.UtcNow.AddHours(1).AddSeconds(2));
        Assert.Contains($"Invoke-FluxRevert {bad[..12]}", decision.Message, StringComparison.Ordinal);
        Assert.Contains("-MaxRevertsPerWindow", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reverts_written_before_the_trigger_was_recorded_still_count()
    {
        // What an older FluxOps wrote: the trailer block without Fluxops-Trigger.
        for (var i = 0; i < 2; i++)
        {
            _fleet.Push($"Revert \"Break redis {i}\"\n\nReverted-by: FluxOps\nFluxops-Reverts: {new string((char)('a' + i), 40)}\n", "infra/redis.yaml", $"maxmemory: {i}\n");
        }

        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var decision = _fleet.Engine(Limit2).Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.CircuitOpen, decision.Reason);
        Assert.Contains("automated FluxOps reverts", decision.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
