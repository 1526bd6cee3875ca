using System.Net;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>
/// Start-FluxRollbackReceiver in a real pwsh with its default limits, under attack: slow connections that announce a
/// body and send a byte now and then, slow heads, a 1 GB body. /healthz and signed events are served while they are
/// open, the slow ones end at the 10 s deadlines, and a 1 GB body never reaches memory.
/// </summary>
public sealed class ReceiverHostileTests : IDisposable
{
    private const string Key = "hostile-receiver-key";
    private readonly FluxRepoScenario _scenario = new();
    private readonly ReceiverProcess _receiver;

    public ReceiverHostileTests()
    {
        FluxFleet.Seed(_scenario);
        _receiver = new ReceiverProcess(_scenario, Key, "-Cooldown 0");
    }

    [Fact]
    public async Task Forty_slow_connections_leave_healthz_and_signed_events_served_and_end_at_their_deadline()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var slow = new List<RawHttpClient>();
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var client = new RawHttpClient(_receiver.Port);
                await client.SendAsync(i % 2 == 0
                    ? "POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
                    : "POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
                slow.Add(client);
            }

            await Task.Delay(2000);
            foreach (var client in slow)
            {
                await client.TrySendByteAsync((byte)' ');
            }

            using var health = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            Assert.Equal("ok\n", await health.GetStringAsync(new Uri($"http://127.0.0.1:{_receiver.Port}/healthz")));
            var body = FluxEventFactory.Kustomization(bad);
            Assert.Equal(HttpStatusCode.Accepted, _receiver.Post(body, FluxEventFactory.Sign(body, Key)));
            Assert.Contains($"Fluxops-Reverts: {bad}", _scenario.RemoteMessage("main"), StringComparison.Ordinal); // decided before the 202

            var answers = await Task.WhenAll(slow.Select(c => c.ReadToEndAsync(TimeSpan.FromSeconds(20))));
            Assert.All(answers, a => Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", a, StringComparison.Ordinal));
            Assert.Equal(20, _receiver.Metric("fluxops_receiver_rejected_total", "reason=\"body_timeout\""));
            Assert.Equal(20, _receiver.Metric("fluxops_receiver_rejected_total", "reason=\"header_timeout\""));
        }
        finally
        {
            slow.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_1_GB_body_is_refused_with_413_and_never_reaches_memory()
    {
        var before = _receiver.ResidentBytes;
        using var client = new RawHttpClient(_receiver.Port);
        await client.SendAsync("POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n");
        var reader = client.ReadToEndAsync(TimeSpan.FromSeconds(30));
        var chunk = new byte[1024 * 1024];
        var sent = 0L;
        try
        {
            for (; sent < 1024L * 1024 * 1024 && !reader.IsCompleted; sent += chunk.Length)
            {
                await client.SendAsync(chunk);
            }
        }
        catch (IOException)
        {
            // The receiver closed the connection: what it should do.
        }

        Assert.StartsWith("HTTP/1.1 413 ", await reader, StringComparison.Ordinal);
        Assert.True(_receiver.ResidentBytes - before < 64L * 1024 * 1024, $"resident memory grew from {before >> 20} MiB to {_receiver.ResidentBytes >> 20} MiB");
        Assert.Equal("ok\n", _receiver.Get("/healthz"));
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _scenario.Dispose();
    }
}
