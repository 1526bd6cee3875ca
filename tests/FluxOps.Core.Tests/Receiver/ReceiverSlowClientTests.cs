using System.Net;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Receiver;

/// <summary>
/// Slow clients against the receiver: a head that trickles in, a body that trickles in (Content-Length: 100000, a byte
/// now and then), more slow connections than the limit. Health and signed events must still be served while they are
/// open, and the slow ones end at their deadline with 408. (Before, eight such connections took the receiver offline.)
/// </summary>
public sealed class ReceiverSlowClientTests
{
    private static async Task<List<RawHttpClient>> OpenSlowAsync(int port, int count, bool inBody)
    {
        var clients = new List<RawHttpClient>();
        for (var i = 0; i < count; i++)
        {
            var client = new RawHttpClient(port);
            await client.SendAsync(inBody
                ? "POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
                : "POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            clients.Add(client);
        }

        return clients;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Health_and_signed_events_are_served_while_20_slow_connections_are_open_and_the_slow_ones_end_with_408(bool inBody)
    {
        using var harness = new ReceiverHarness(o => { o.HeaderTimeout = TimeSpan.FromSeconds(3); o.BodyTimeout = TimeSpan.FromSeconds(3); });
        var bad = harness.PushBadCommit();
        var slow = await OpenSlowAsync(harness.Port, 20, inBody);
        try
        {
            foreach (var client in slow)
            {
                await client.TrySendByteAsync(inBody ? (byte)' ' : (byte)'x');
            }

            Assert.Equal(HttpStatusCode.OK, await harness.HealthAsync(TimeSpan.FromSeconds(2)));
            var (status, text, _) = await harness.PostAsync(ReceiverHarness.Event(bad));
            Assert.Equal(HttpStatusCode.Accepted, status);
            Assert.Equal("accepted: Reverted (BadCommit)\n", text);

            var answers = await Task.WhenAll(slow.Select(c => c.ReadToEndAsync(TimeSpan.FromSeconds(15))));
            Assert.All(answers, a => Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", a, StringComparison.Ordinal));
            Assert.Equal(20, harness.Metric("fluxops_receiver_rejected_total", inBody ? "reason=\"body_timeout\"" : "reason=\"header_timeout\""));
            Assert.Single(harness.Fleet.RemoteReverts());
        }
        finally
        {
            slow.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task At_the_connection_limit_the_longest_waiting_slow_connection_makes_room()
    {
        using var harness = new ReceiverHarness(o => o.MaxConnections = 16);
        var slow = await OpenSlowAsync(harness.Port, 40, inBody: false);
        try
        {
            Assert.Equal(HttpStatusCode.OK, await harness.HealthAsync(TimeSpan.FromSeconds(2)));
            var (status, _, _) = await harness.PostAsync(ReceiverHarness.Event(harness.Fleet.Scenario.RemoteHead), key: "wrong-key");

            Assert.Equal(HttpStatusCode.Unauthorized, status); // answered, not stuck behind the slow ones
            Assert.True(harness.Metric("fluxops_receiver_rejected_total", "reason=\"evicted\"") >= 24);
            Assert.InRange(harness.Metric("fluxops_receiver_connections"), 1, 18);
        }
        finally
        {
            slow.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task An_idle_kept_alive_connection_is_closed_after_the_idle_timeout()
    {
        using var harness = new ReceiverHarness(o => o.IdleTimeout = TimeSpan.FromSeconds(1));
        using var client = new RawHttpClient(harness.Port);

        await client.SendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        var text = await client.ReadToEndAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nok\n", text, StringComparison.Ordinal); // then closed, without a 408
    }
}
