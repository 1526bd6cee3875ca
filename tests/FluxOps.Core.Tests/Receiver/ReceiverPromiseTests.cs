using System.Net;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Receiver;

/// <summary>
/// A 202 is a promise that the event is decided: git was asked and the revert is on the remote (or it was skipped for a
/// reason). A remote that answers 500 or drops the connection is retried with backoff; what still cannot be done is
/// answered 503 with Retry-After and forgotten, so the sender's retry decides it afresh — and the trailers make that
/// retry harmless. The queue is bounded, coalesces repeats, and events dated in the future are refused.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReceiverPromiseTests
{
    [Theory]
    [InlineData(GitServerFault.Status500)]
    [InlineData(GitServerFault.Drop)]
    public async Task A_failing_remote_gets_503_with_Retry_After_and_the_retry_after_it_heals_makes_exactly_one_revert(GitServerFault fault)
    {
        using var harness = new ReceiverHarness(o => { o.DecisionAttempts = 2; o.DecisionBackoff = TimeSpan.FromMilliseconds(50); });
        var bad = harness.PushBadCommit();
        var body = ReceiverHarness.Event(bad);
        harness.Fleet.Scenario.Server.Fail(fault);

        var (status, text, retryAfter) = await harness.PostAsync(body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("failed: ", text, StringComparison.Ordinal);
        Assert.NotNull(retryAfter);
        Assert.Empty(harness.Fleet.RemoteReverts());

        harness.Fleet.Scenario.Server.Heal();
        var (retried, retriedText, _) = await harness.PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, retried);
        Assert.Equal("accepted: Reverted (BadCommit)\n", retriedText);
        var revert = Assert.Single(harness.Fleet.RemoteReverts());
        Assert.Equal(revert, harness.Fleet.Scenario.RemoteHead); // the 202 came after the push, not before
    }

    [Fact]
    public async Task An_unreachable_remote_is_tried_again_and_then_answered_503_never_acknowledged()
    {
        var nothingListens = FreePort.Next();
        using var harness = new ReceiverHarness(o => { o.DecisionAttempts = 2; o.DecisionBackoff = TimeSpan.FromMilliseconds(50); },
            repositoryUrl: $"http://127.0.0.1:{nothingListens}/fleet.git");
        var bad = harness.PushBadCommit();

        var (status, text, retryAfter) = await harness.PostAsync(ReceiverHarness.Event(bad));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.StartsWith("failed: ", text, StringComparison.Ordinal);
        Assert.NotNull(retryAfter);
        Assert.Equal(2, harness.Log.Count(l => l.Contains("\"msg\":\"decision failed\"", StringComparison.Ordinal)));
        Assert.Equal(1, harness.Metric("fluxops_receiver_deferred_total", "reason=\"failed\""));
        Assert.Empty(harness.Fleet.RemoteReverts());
    }

    [Fact]
    public async Task A_remote_that_fails_once_is_retried_with_backoff_before_the_answer()
    {
        using var harness = new ReceiverHarness(o => o.DecisionBackoff = TimeSpan.FromSeconds(1));
        var bad = harness.PushBadCommit();
        harness.Fleet.Scenario.Server.Fail(GitServerFault.Status500);
        var posting = harness.PostAsync(ReceiverHarness.Event(bad));
        for (var i = 0; i < 200 && !harness.Log.Any(l => l.Contains("\"retrying\":true", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(25);
        }

        harness.Fleet.Scenario.Server.Heal();
        var (status, text, _) = await posting;

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("accepted: Reverted (BadCommit)\n", text);
        Assert.Single(harness.Fleet.RemoteReverts());
    }

    [Fact]
    public async Task A_full_queue_answers_503_with_Retry_After_and_repeats_of_a_queued_event_join_it()
    {
        using var harness = new ReceiverHarness(o => { o.MaxQueuedEvents = 2; o.DecisionTimeout = TimeSpan.FromSeconds(30); });
        var first = harness.PushBadCommit("2.0.0");
        var hook = SlowPushHook.Install(harness.Fleet.Scenario, TimeSpan.FromSeconds(3));
        var running = harness.PostAsync(ReceiverHarness.Event(first)); // decided first, slowly
        await hook.WaitUntilStartedAsync();

        var events = Enumerable.Range(0, 6).Select(i => ReceiverHarness.Event(first, name: $"app-{i}")).ToList();
        var queuedTwice = events.Take(2).Concat(events.Take(2)).Select(e => harness.PostAsync(e)).ToList();
        await Task.Delay(200);
        var overflow = await Task.WhenAll(events.Skip(2).Select(e => harness.PostAsync(e)));

        Assert.All(overflow, o => Assert.Equal(HttpStatusCode.ServiceUnavailable, o.Status));
        Assert.All(overflow, o => Assert.StartsWith("busy: ", o.Text, StringComparison.Ordinal));
        Assert.All(overflow, o => Assert.NotNull(o.RetryAfter));
        Assert.Equal(HttpStatusCode.Accepted, (await running).Status);
        Assert.All(await Task.WhenAll(queuedTwice), o => Assert.Equal(HttpStatusCode.Accepted, o.Status));
        Assert.Equal(4, harness.Metric("fluxops_receiver_deferred_total", "reason=\"busy\""));
        Assert.Equal(2, harness.Metric("fluxops_rollback_decisions_total", "reason=\"Duplicate\"")); // the repeats joined
        hook.Dispose();
    }

    [Fact]
    public async Task A_decision_slower_than_the_wait_answers_503_and_the_retry_joins_the_same_decision()
    {
        using var harness = new ReceiverHarness(o => o.DecisionTimeout = TimeSpan.FromSeconds(1));
        var bad = harness.PushBadCommit();
        using var hook = SlowPushHook.Install(harness.Fleet.Scenario, TimeSpan.FromSeconds(3));
        var body = ReceiverHarness.Event(bad);

        var (first, text, retryAfter) = await harness.PostAsync(body);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first);
        Assert.StartsWith("deciding: ", text, StringComparison.Ordinal);
        Assert.NotNull(retryAfter);

        var answer = HttpStatusCode.ServiceUnavailable;
        for (var i = 0; i < 20 && answer != HttpStatusCode.Accepted; i++)
        {
            (answer, _, _) = await harness.PostAsync(body);
        }

        Assert.Equal(HttpStatusCode.Accepted, answer);
        Assert.Single(harness.Fleet.RemoteReverts());
        Assert.Equal(1, harness.Metric("fluxops_rollback_decisions_total", "outcome=\"Reverted\""));
    }

    [Fact]
    public async Task Events_dated_more_than_the_clock_skew_ahead_are_refused()
    {
        using var harness = new ReceiverHarness();
        var bad = harness.PushBadCommit();

        var (future, text, _) = await harness.PostAsync(ReceiverHarness.Event(bad, timestamp: DateTimeOffset.UtcNow.AddHours(1)));
        var (slightlyAhead, _, _) = await harness.PostAsync(ReceiverHarness.Event(bad, timestamp: DateTimeOffset.UtcNow.AddMinutes(2)));

        Assert.Equal(HttpStatusCode.BadRequest, future);
        Assert.StartsWith("future: ", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, slightlyAhead); // a clock a little ahead is fine
    }

    [Fact]
    public async Task Rejected_requests_are_all_counted_but_only_sampled_into_the_log()
    {
        using var harness = new ReceiverHarness();
        using var http = new HttpClient();

        for (var i = 0; i < 500; i++)
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{harness.Port}/wp-admin/{i}"));
        }

        Assert.Equal(500, harness.Metric("fluxops_receiver_rejected_total", "reason=\"path\""));
        Assert.InRange(harness.Log.Count(l => l.Contains("\"reason\":\"path\"", StringComparison.Ordinal)), 1, 12);
    }

    [Theory]
    [InlineData("{\"revision\":\"SHA\"}")]
    [InlineData("{\"commit\":\"SHA\",\"revision\":\"latest@sha256:1111111111111111111111111111111111111111111111111111111111111111\"}")]
    public async Task A_bare_sha_revision_or_the_commit_key_names_the_commit_end_to_end(string metadata)
    {
        using var harness = new ReceiverHarness();
        var bad = harness.PushBadCommit();
        var body = ReceiverHarness.Event(bad).Replace($"{{\"revision\":\"main@sha1:{bad}\"}}", metadata.Replace("SHA", bad, StringComparison.Ordinal), StringComparison.Ordinal);

        var (status, text, _) = await harness.PostAsync(body);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("accepted: Reverted (BadCommit)\n", text);
        Assert.Contains($"Fluxops-Reverts: {bad}", harness.Fleet.Scenario.RemoteMessage("main"), StringComparison.Ordinal);
    }
}
