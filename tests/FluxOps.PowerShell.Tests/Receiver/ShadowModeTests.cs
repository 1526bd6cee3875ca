using System.Net;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>
/// Start-FluxRollbackReceiver -Shadow in a real pwsh process: it listens, verifies and decides as usual, logs WouldRevert
/// with the commit it would revert, and never pushes.
/// </summary>
public sealed class ShadowModeTests : IDisposable
{
    private const string Key = "shadow-hmac-key-0b6e";
    private readonly FluxRepoScenario _scenario = new();
    private ReceiverProcess? _receiver;

    public ShadowModeTests() => FluxFleet.Seed(_scenario);

    [Fact]
    public void A_failure_is_decided_and_logged_as_WouldRevert_and_the_remote_is_untouched()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var refs = _scenario.RemoteRefs;
        _receiver = new ReceiverProcess(_scenario, Key, "-Cooldown 0 -Shadow");
        var body = FluxEventFactory.Kustomization(bad);

        Assert.Equal(HttpStatusCode.Accepted, _receiver.Post(body, FluxEventFactory.Sign(body, Key)));
        _receiver.WaitForDecisions(1);

        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(1, _receiver.Metric("fluxops_rollback_decisions_total", "outcome=\"WouldRevert\""));
        Assert.Equal(0, _receiver.Metric("fluxops_rollback_reverts_total"));
        var lines = _receiver.Process.Output.Split('\n').Where(l => l.StartsWith('{')).ToList();
        Assert.Contains(lines, l => l.Contains("\"msg\":\"receiver started\"", StringComparison.Ordinal) && l.Contains("\"mode\":\"shadow\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"shadow mode, nothing pushed: would revert {bad}", StringComparison.Ordinal)
            && l.Contains("\"outcome\":\"WouldRevert\"", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _receiver?.Dispose();
        _scenario.Dispose();
    }
}
