using System.Net;
using System.Text.Json;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>Start-FluxRollbackReceiver in real pwsh processes, real git smart-HTTP remote, events signed like Flux signs them.</summary>
public sealed class StartFluxRollbackReceiverTests : IDisposable
{
    private const string Key = "receiver-hmac-key-7f3a";
    private readonly FluxRepoScenario _scenario = new();
    private readonly List<ReceiverProcess> _receivers = [];

    public StartFluxRollbackReceiverTests() => FluxFleet.Seed(_scenario);

    private ReceiverProcess StartReceiver(string extra = "-Cooldown 0")
    {
        var receiver = new ReceiverProcess(_scenario, Key, extra);
        _receivers.Add(receiver);
        return receiver;
    }

    private string PushBadCommit(string tag = "2.0.0") =>
        _scenario.Push($"Bump web to {tag}", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web(tag) });

    private IReadOnlyList<string> RemoteReverts() =>
        _scenario.Git("log", "--format=%H", "--grep=Reverted-by: FluxOps", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void One_signed_failure_event_produces_one_revert_on_the_remote_with_the_trailers()
    {
        var bad = PushBadCommit();
        var receiver = StartReceiver();
        var body = FluxEventFactory.Kustomization(bad);

        Assert.Equal(HttpStatusCode.Accepted, receiver.Post(body, FluxEventFactory.Sign(body, Key)));
        receiver.WaitForDecisions(1);

        var revert = Assert.Single(RemoteReverts());
        Assert.Equal(revert, _scenario.RemoteHead);
        Assert.True(_scenario.RemoteIsAncestor(bad, revert));
        var message = _scenario.RemoteMessage(revert);
        Assert.Contains("Reverted-by: FluxOps", message, StringComparison.Ordinal);
        Assert.Contains($"Fluxops-Reverts: {bad}", message, StringComparison.Ordinal);
        Assert.Equal(1, receiver.Metric("fluxops_rollback_reverts_total"));
        Assert.Equal(1, receiver.Metric("fluxops_rollback_decisions_total", "outcome=\"Reverted\""));
        Assert.Equal("ok\n", receiver.Get("/healthz"));

        // The decision is counted before its log line reaches this process through the pipe: wait for the line.
        bool Logged(string l) => l.Contains("\"outcome\":\"Reverted\"", StringComparison.Ordinal) && l.Contains(bad, StringComparison.Ordinal);
        SpinWait.SpinUntil(() => receiver.Process.Output.Split('\n').Any(Logged), TimeSpan.FromSeconds(10));
        var logLines = receiver.Process.Output.Split('\n').Where(l => l.StartsWith('{')).ToList();
        Assert.Contains(logLines, Logged);
        Assert.All(logLines, l => JsonDocument.Parse(l).Dispose());
        Assert.DoesNotContain(Key, receiver.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(_scenario.Server.Password, receiver.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_request_is_rejected_with_its_status_the_remote_is_untouched_and_counters_show_it()
    {
        var bad = PushBadCommit();
        var refs = _scenario.RemoteRefs;
        var receiver = StartReceiver("-MaxBodyBytes 4096 -MaxEventAge 00:10:00");
        var body = FluxEventFactory.Kustomization(bad);
        var signature = FluxEventFactory.Sign(body, Key);
        var stale = FluxEventFactory.Kustomization(bad, timestamp: DateTimeOffset.UtcNow.AddHours(-2));
        var gitRepository = FluxEventFactory.Kustomization(bad, kind: "GitRepository");
        var huge = body.Replace("health check failed", "health check failed " + new string('x', 8000), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, receiver.Post(body, signature, method: "PUT"));
        Assert.Equal(HttpStatusCode.NotFound, receiver.Post(body, signature, path: "/hooks/other"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, receiver.Post(huge, FluxEventFactory.Sign(huge, Key)));
        Assert.Equal(HttpStatusCode.Unauthorized, receiver.Post(body, null));
        Assert.Equal(HttpStatusCode.Unauthorized, receiver.Post(body, FluxEventFactory.Sign(body, "attacker")));
        Assert.Equal(HttpStatusCode.Unauthorized, receiver.Post(body.Replace("apps", "infra", StringComparison.Ordinal), signature));
        Assert.Equal(HttpStatusCode.BadRequest, receiver.Post("{not json", FluxEventFactory.Sign("{not json", Key)));
        Assert.Equal(HttpStatusCode.BadRequest, receiver.Post(stale, FluxEventFactory.Sign(stale, Key)));
        Assert.Equal((HttpStatusCode)422, receiver.Post(gitRepository, FluxEventFactory.Sign(gitRepository, Key)));

        Assert.Equal(1, receiver.Metric("fluxops_receiver_rejected_total", "reason=\"method\""));
        Assert.Equal(1, receiver.Metric("fluxops_receiver_rejected_total", "reason=\"path\""));
        Assert.Equal(1, receiver.Metric("fluxops_receiver_rejected_total", "reason=\"too_large\""));
        Assert.Equal(3, receiver.Metric("fluxops_receiver_rejected_total", "reason=\"signature\""));
        Assert.Equal(1, receiver.Metric("fluxops_receiver_rejected_total", "reason=\"malformed\""));
        Assert.Equal(1, receiver.Metric("fluxops_receiver_rejected_total", "reason=\"stale\""));
        Assert.Equal(1, receiver.Metric("fluxops_receiver_rejected_total", "reason=\"kind\""));
        Assert.Equal(0, receiver.Metric("fluxops_receiver_accepted_total"));
        Assert.Equal(0, receiver.Metric("fluxops_rollback_decisions_total"));
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void The_same_event_twice_and_an_event_for_the_revert_itself_leave_exactly_one_revert()
    {
        var bad = PushBadCommit();
        var receiver = StartReceiver();
        var body = FluxEventFactory.Kustomization(bad);
        receiver.Post(body, FluxEventFactory.Sign(body, Key));
        receiver.Post(body, FluxEventFactory.Sign(body, Key));
        receiver.WaitForDecisions(2);
        var revert = Assert.Single(RemoteReverts());

        var loop = FluxEventFactory.Kustomization(revert);
        Assert.Equal(HttpStatusCode.Accepted, receiver.Post(loop, FluxEventFactory.Sign(loop, Key)));
        receiver.WaitForDecisions(3);

        Assert.Single(RemoteReverts());
        Assert.Equal(1, receiver.Metric("fluxops_rollback_decisions_total", "reason=\"Duplicate\""));
        Assert.Equal(1, receiver.Metric("fluxops_rollback_decisions_total", "reason=\"IsFluxOpsRevert\""));
    }

    [Fact]
    public void A_restarted_receiver_still_knows_from_the_trailers_that_the_commit_was_reverted()
    {
        var bad = PushBadCommit();
        var body = FluxEventFactory.Kustomization(bad);
        var first = StartReceiver();
        first.Post(body, FluxEventFactory.Sign(body, Key));
        first.WaitForDecisions(1);
        first.Dispose();
        _receivers.Remove(first);

        var second = StartReceiver();
        Assert.Equal(HttpStatusCode.Accepted, second.Post(body, FluxEventFactory.Sign(body, Key)));
        second.WaitForDecisions(1);

        Assert.Equal(1, second.Metric("fluxops_rollback_decisions_total", "reason=\"AlreadyReverted\""));
        Assert.Single(RemoteReverts());
    }

    [Fact]
    public void Ctrl_C_stops_the_receiver_cleanly()
    {
        var receiver = StartReceiver();

        receiver.Process.Interrupt();

        Assert.True(receiver.Process.WaitForExit(TimeSpan.FromSeconds(30)), receiver.Process.Output);
        Assert.Contains("\"msg\":\"receiver stopped\"", receiver.Process.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var receiver in _receivers)
        {
            receiver.Dispose();
        }

        _scenario.Dispose();
    }
}
