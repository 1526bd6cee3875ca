using System.Net;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>
/// The receiver in a real pwsh, killed: SIGTERM under load (what Kubernetes sends) drains and exits 0; kill -9 at
/// random points, with a sender that retries like notification-controller, never loses an acknowledged event and never
/// makes a second revert. The push is slowed by a pre-receive hook so signals land while git work is in flight.
/// </summary>
public sealed class ReceiverFaultTests : IDisposable
{
    private const string Key = "fault-receiver-key";
    private readonly FluxRepoScenario _scenario = new();
    private readonly TempDirectory _cacheHome = new("fluxops-fault-cache");
    private readonly NotificationSender _sender = new();

    public ReceiverFaultTests() => FluxFleet.Seed(_scenario);

    private string PushBad(string tag)
    {
        _scenario.SyncPublisher();
        return _scenario.Push($"Bump web to {tag}", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web(tag) });
    }

    private IReadOnlyList<string> RevertsOf(string sha) =>
        _scenario.Git("log", "--format=%H", $"--grep=Fluxops-Reverts: {sha}", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task SIGTERM_under_load_finishes_the_revert_in_flight_answers_it_and_exits_0()
    {
        var bad = PushBad("2.0.0");
        using var hook = SlowPushHook.Install(_scenario, TimeSpan.FromSeconds(2));
        using var receiver = new ReceiverProcess(_scenario, Key, "-Cooldown 0 -MaxRevertsPerWindow 1000", cacheHome: _cacheHome.Path);
        var events = new[] { "apps" }.Concat(Enumerable.Range(0, 40).Select(i => $"app-{i}")).Select(name => FluxEventFactory.Kustomization(bad, name)).ToList();
        var answers = new System.Collections.Concurrent.ConcurrentBag<SentAnswer>();
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; !stopLoad.IsCancellationRequested; i += 8)
            {
                var body = events[i % events.Count];
                answers.Add(await _sender.PostOnceAsync(receiver.Port, body, FluxEventFactory.Sign(body, Key)));
            }
        })).ToList();

        await hook.WaitUntilStartedAsync(); // a revert is being pushed right now
        receiver.Signal("TERM");
        var exited = receiver.Process.WaitForExit(TimeSpan.FromSeconds(40));
        stopLoad.Cancel();
        await Task.WhenAll(load);

        Assert.True(exited, receiver.Process.Output);
        Assert.Equal(0, receiver.Process.ExitCode);
        Assert.Contains("\"msg\":\"receiver stopped\"", receiver.Process.Output, StringComparison.Ordinal);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.Accepted && a.Text.StartsWith("accepted: Reverted", StringComparison.Ordinal));
        Assert.All(answers, a => Assert.True(a.Status is null or HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"{a.Status}: {a.Text}"));
        Assert.Single(RevertsOf(bad));
    }

    [Fact]
    public async Task Kill_9_at_random_points_loses_no_acknowledged_event_and_makes_exactly_one_revert_each()
    {
        var seed = Environment.TickCount;
        var random = new Random(seed);
        using var hook = SlowPushHook.Install(_scenario, TimeSpan.FromSeconds(1));
        var port = FreePort.Next();
        var receiver = new ReceiverProcess(_scenario, Key, "-Cooldown 0 -MaxRevertsPerWindow 1000", cacheHome: _cacheHome.Path, port: port);
        try
        {
            for (var round = 1; round <= 3; round++)
            {
                var bad = PushBad($"{round + 1}.0.0");
                var body = FluxEventFactory.Kustomization(bad);
                var sending = _sender.PostUntilAcknowledgedAsync(() => port, body, FluxEventFactory.Sign(body, Key), TimeSpan.FromSeconds(120));
                for (var kill = random.Next(1, 3); kill > 0; kill--)
                {
                    await Task.Delay(random.Next(0, 2500));
                    receiver.Signal("KILL");
                    receiver.Process.WaitForExit(TimeSpan.FromSeconds(10));
                    receiver.Dispose();
                    receiver = new ReceiverProcess(_scenario, Key, "-Cooldown 0 -MaxRevertsPerWindow 1000", cacheHome: _cacheHome.Path, port: port);
                }

                var (final, all) = await sending;
                var context = $"seed {seed}, round {round}, answers: {string.Join(" | ", all.Select(a => $"{a.Status}: {a.Text.Trim()}"))}\n{receiver.Process.Output}";
                Assert.True(final.Status == HttpStatusCode.Accepted, context);
                Assert.True(RevertsOf(bad).Count == 1, context + "\n" + _scenario.Git("log", "--format=%H %s%n%b", "main")); // acknowledged means on the remote, and only once
            }
        }
        finally
        {
            receiver.Dispose();
        }
    }

    public void Dispose()
    {
        _sender.Dispose();
        _scenario.Dispose();
        _cacheHome.Dispose();
    }
}
