using System.Net;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>Several receivers on one repository: the fast-forward push is the lock and the trailers are the shared memory.</summary>
public sealed class ReceiverStormTests : IDisposable
{
    private const string Key = "storm-hmac-key";
    private const int Events = 1000;
    private readonly FluxRepoScenario _scenario = new();
    private readonly List<ReceiverProcess> _receivers = [];

    private readonly TempDirectory _sharedCache = new("fluxops-storm-cache");
    private readonly NotificationSender _sender = new();

    /// <param name="sharedCache">All four receivers use one cache folder (pods sharing a volume): they take turns on it.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_thousand_duplicate_events_across_four_receivers_make_exactly_one_revert_and_only_fast_forward_the_remote(bool sharedCache)
    {
        FluxFleet.Seed(_scenario);
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        for (var i = 0; i < 4; i++)
        {
            _receivers.Add(new ReceiverProcess(_scenario, Key, "-Cooldown 0", cacheHome: sharedCache ? _sharedCache.Path : null));
        }

        var body = FluxEventFactory.Kustomization(bad);
        var signature = FluxEventFactory.Sign(body, Key);
        // 16 senders at once, asynchronously like notification-controller (blocking sends would starve this process's
        // thread pool and hold a connected socket's request head back past the receiver's header deadline).
        var answers = new SentAnswer[Events];
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async sender =>
        {
            for (var i = sender; i < Events; i += 16)
            {
                answers[i] = await _sender.PostOnceAsync(_receivers[i % 4].Port, body, signature);
            }
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Accepted, a.Status));
        foreach (var receiver in _receivers)
        {
            // Each receiver decides the event once; its other copies collapse as duplicates before reaching git.
            receiver.WaitForDecisions(Events / 4);
            Assert.Equal(Events / 4, receiver.Metric("fluxops_receiver_accepted_total"));
            Assert.Equal(1, receiver.Metric("fluxops_rollback_decisions_total") - receiver.Metric("fluxops_rollback_decisions_total", "reason=\"Duplicate\""));
            Assert.Equal((Events / 4) - 1, receiver.Metric("fluxops_rollback_decisions_total", "reason=\"Duplicate\""));
        }

        var reverts = _scenario.Git("log", "--format=%H", "--grep=Reverted-by: FluxOps", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var revert = Assert.Single(reverts);
        Assert.Equal(1, _receivers.Sum(r => r.Metric("fluxops_rollback_reverts_total")));
        Assert.Equal(3, _receivers.Sum(r => r.Metric("fluxops_rollback_decisions_total", "reason=\"AlreadyReverted\"")));
        Assert.Equal(revert, _scenario.RemoteHead);
        Assert.True(_scenario.RemoteIsAncestor(bad, revert), "main was only fast-forwarded");
        Assert.Equal(bad, _scenario.Git("rev-parse", "main^"));
    }

    public void Dispose()
    {
        foreach (var receiver in _receivers)
        {
            receiver.Dispose();
        }

        _sender.Dispose();
        _scenario.Dispose();
        _sharedCache.Dispose();
    }
}
