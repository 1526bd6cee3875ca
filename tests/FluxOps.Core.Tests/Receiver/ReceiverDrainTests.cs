using System.Net;
using System.Net.Sockets;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Receiver;

/// <summary>
/// Stopping (what SIGTERM and Ctrl+C do) drains: accepting ends at once, the decision in progress finishes and is
/// answered, queued events are handed back with 503 so the sender retries elsewhere or later, and nothing is lost.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReceiverDrainTests
{
    [Fact]
    public async Task Stop_finishes_the_decision_in_progress_and_hands_back_the_queued_ones()
    {
        using var harness = new ReceiverHarness(o => o.DecisionTimeout = TimeSpan.FromSeconds(30));
        var bad = harness.PushBadCommit();
        using var hook = SlowPushHook.Install(harness.Fleet.Scenario, TimeSpan.FromSeconds(3));
        var inProgress = harness.PostAsync(ReceiverHarness.Event(bad));
        await hook.WaitUntilStartedAsync();
        var queued = new[] { "infra", "other" }.Select(name => harness.PostAsync(ReceiverHarness.Event(bad, name))).ToList();
        await Task.Delay(300);

        var stopping = Task.Run(harness.Receiver.Stop);
        await Task.Delay(300);

        using var late = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var refused = Assert.Throws<SocketException>(() => late.Connect(IPAddress.Loopback, harness.Port)); // accepting ended
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        var (status, text, _) = await inProgress;
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("accepted: Reverted (BadCommit)\n", text);
        foreach (var answer in await Task.WhenAll(queued))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.StartsWith("stopping: ", answer.Text, StringComparison.Ordinal);
        }

        await stopping;
        Assert.Single(harness.Fleet.RemoteReverts());
        Assert.Contains(harness.Log, l => l.Contains("\"msg\":\"receiver stopped\"", StringComparison.Ordinal));
        Assert.Equal(2, harness.Metric("fluxops_receiver_deferred_total", "reason=\"stopping\""));
    }
}
