using System.Collections.Concurrent;
using System.Globalization;
using FluxOps.Core.Http;
using FluxOps.Testing;
using static FluxOps.Core.Tests.Http.HttpTestKit;

namespace FluxOps.Core.Tests.Http;

/// <summary>The retry handler against scripted loopback servers: what is retried, how long it waits, and when it gives up.</summary>
public sealed class RetryHandlerTests
{
    private readonly HttpTestKit _kit = new();
    private readonly ConcurrentQueue<DateTimeOffset> _arrivals = new();

    [Fact]
    public async Task A_500_then_200_is_retried_and_answers_200()
    {
        using var server = Scripted(Status(500, body: "boom"), Status(200, body: "ok"));
        using var client = _kit.Client();

        using var response = await client.GetAsync(server.BaseUri);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(2, server.Requests.Count);
        Assert.Contains(_kit.Log, l => l.Contains("500", StringComparison.Ordinal) && l.Contains("attempt 1 of 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_server_that_keeps_failing_gets_bounded_attempts_and_its_last_answer_is_returned()
    {
        using var server = Scripted(Status(503));
        using var client = _kit.Client(retries: 2);

        using var response = await client.GetAsync(server.BaseUri);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_429_with_retry_after_is_waited_out()
    {
        using var server = new LoopbackHttpServer((c, _) =>
        {
            _arrivals.Enqueue(DateTimeOffset.UtcNow);
            return _arrivals.Count == 1
                ? LoopbackHttpServer.RespondAsync(c, 429, new Dictionary<string, string> { ["Retry-After"] = "1" })
                : LoopbackHttpServer.RespondAsync(c, 200);
        });
        using var client = _kit.Client();

        using var response = await client.GetAsync(server.BaseUri);

        Assert.Equal(200, (int)response.StatusCode);
        var times = _arrivals.ToArray();
        // Without Retry-After the backoff here is 20-25 ms; the server asked for a second.
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_retry_after_date_is_honoured()
    {
        using var server = new LoopbackHttpServer((c, _) =>
        {
            _arrivals.Enqueue(DateTimeOffset.UtcNow);
            var date = DateTimeOffset.UtcNow.AddSeconds(2).ToString("R", CultureInfo.InvariantCulture);
            return _arrivals.Count == 1
                ? LoopbackHttpServer.RespondAsync(c, 503, new Dictionary<string, string> { ["Retry-After"] = date })
                : LoopbackHttpServer.RespondAsync(c, 200);
        });
        using var client = _kit.Client();

        using var response = await client.GetAsync(server.BaseUri);

        Assert.Equal(200, (int)response.StatusCode);
        var times = _arrivals.ToArray();
        // The date has one-second resolution: two seconds ahead is at least one second of waiting.
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_retry_after_beyond_the_maximum_fails_at_once_with_a_clear_message()
    {
        using var server = Scripted(Status(503, new() { ["Retry-After"] = "3600" }));
        using var client = _kit.Client(maxRetryAfterSeconds: 60);

        var error = await Assert.ThrowsAsync<HttpTransportException>(() => client.GetAsync(server.BaseUri + "?token=query-secret"));

        Assert.Equal("HttpRetryAfterTooLong", error.ErrorId);
        Assert.Contains("Retry-After asks for 3600 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("60 s", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("query-secret", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_github_rate_limit_waits_for_the_reset_and_a_far_reset_fails_at_once()
    {
        var soon = DateTimeOffset.UtcNow.AddSeconds(2).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var late = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var limited = Scripted(Status(403, new() { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = soon }), Status(200));
        using var exhausted = Scripted(Status(403, new() { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = late }));
        using var client = _kit.Client();

        using var response = await client.GetAsync(limited.BaseUri);
        var error = await Assert.ThrowsAsync<HttpTransportException>(() => client.GetAsync(exhausted.BaseUri));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, limited.Requests.Count);
        Assert.Contains("rate limit resets in", error.Message, StringComparison.Ordinal);
        Assert.Single(exhausted.Requests);
    }

    [Fact]
    public async Task A_plain_403_is_a_refusal_not_retried()
    {
        using var server = Scripted(Status(403));
        using var client = _kit.Client();

        using var response = await client.GetAsync(server.BaseUri);

        Assert.Equal(403, (int)response.StatusCode);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_post_is_not_retried_unless_the_request_opts_in()
    {
        using var server = Scripted(Status(503), Status(503), Status(201));
        using var client = _kit.Client();

        using var plain = await client.PostAsync(server.BaseUri, new StringContent("{}"));
        using var optedIn = new HttpRequestMessage(HttpMethod.Post, server.BaseUri) { Content = new StringContent("{}") };
        using var retried = await client.SendAsync(optedIn.AllowRetry());

        Assert.Equal(503, (int)plain.StatusCode);
        Assert.Equal(201, (int)retried.StatusCode);
        Assert.Equal(["POST", "POST", "POST"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_as_refused()
    {
        var port = FreePort.Next();
        using var client = _kit.Client(retries: 1);

        var error = await Assert.ThrowsAsync<HttpTransportException>(() => client.GetAsync($"http://user:pass-secret@127.0.0.1:{port}/v2/"));

        Assert.Equal("HttpUnreachable", error.ErrorId);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _kit.Log.Count(l => l.Contains("connection refused", StringComparison.Ordinal)));
        Assert.DoesNotContain(_kit.Log.Append(error.ToString()), l => l.Contains("pass-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelling_while_waiting_to_retry_stops_at_once()
    {
        using var server = Scripted(Status(429, new() { ["Retry-After"] = "30" }));
        using var client = _kit.Client(maxRetryAfterSeconds: 60);
        using var cancel = new CancellationTokenSource();

        var pending = client.GetAsync(server.BaseUri, cancel.Token);
        for (var i = 0; i < 200 && !_kit.Log.Any(l => l.Contains("retrying", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Every_request_names_fluxops_and_its_version()
    {
        string? agent = null;
        using var server = new LoopbackHttpServer((c, _) =>
        {
            agent = c.Request.UserAgent;
            return LoopbackHttpServer.RespondAsync(c, 204);
        });
        using var client = _kit.Client();

        using var response = await client.GetAsync(server.BaseUri);

        Assert.Matches(@"^FluxOps/\d+\.\d+\.\d+$", agent);
    }
}
