using System.Text;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Receiver;

/// <summary>
/// The receiver's HTTP/1.1 rules on a real socket: what is refused is refused before the body is read (unknown host,
/// unknown path, a 1 GB Content-Length), request smuggling shapes are refused, and what real clients do (keep-alive,
/// pipelining, HTTP/1.0 keep-alive as ApacheBench sends it, Expect: 100-continue) works.
/// </summary>
public sealed class ReceiverProtocolTests : IDisposable
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(5);
    private readonly ReceiverHarness _harness = new();

    [Theory]
    [InlineData("POST /hooks/other HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n", "HTTP/1.1 404 Not Found")]
    [InlineData("POST /hooks/flux HTTP/1.1\r\nHost: attacker.example\r\nContent-Length: 1000000\r\n\r\n", "HTTP/1.1 421 Misdirected Request")]
    [InlineData("POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1073741824\r\n\r\n", "HTTP/1.1 413 Content Too Large")]
    [InlineData("PUT /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000\r\n\r\n", "HTTP/1.1 405 Method Not Allowed")]
    public async Task A_refused_request_is_answered_before_its_body_is_sent(string head, string statusLine)
    {
        using var client = new RawHttpClient(_harness.Port);

        await client.SendAsync(head); // and never the body
        var answer = await client.ReadToEndAsync(Quick);

        Assert.StartsWith(statusLine + "\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_1_GB_body_being_streamed_gets_413_and_the_connection_ends_without_reading_it()
    {
        using var client = new RawHttpClient(_harness.Port);
        await client.SendAsync("POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1073741824\r\n\r\n");
        var chunk = new byte[1024 * 1024];
        var sent = 0L;
        var reader = client.ReadToEndAsync(TimeSpan.FromSeconds(30));
        try
        {
            for (; sent < 1024L * 1024 * 1024 && !reader.IsCompleted; sent += chunk.Length)
            {
                await client.SendAsync(chunk);
            }
        }
        catch (IOException)
        {
            // The receiver closed the connection: exactly what should happen.
        }

        var answer = await reader;
        Assert.StartsWith("HTTP/1.1 413 Content Too Large\r\n", answer, StringComparison.Ordinal);
        Assert.True(sent < 256L * 1024 * 1024, $"the client could push {sent / (1024 * 1024)} MiB before the connection ended");
        Assert.Equal(1, _harness.Metric("fluxops_receiver_rejected_total", "reason=\"too_large\""));
    }

    [Theory]
    [InlineData("POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 411 Length Required")]
    [InlineData("POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.2\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /healthz HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n X-Folded: yes\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    [InlineData("GET /healthz HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 505 HTTP Version Not Supported")]
    [InlineData("GET http://127.0.0.1/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 400 Bad Request")]
    public async Task Malformed_and_smuggling_shaped_heads_are_refused_and_the_connection_closed(string head, string statusLine)
    {
        using var client = new RawHttpClient(_harness.Port);

        await client.SendAsync(head);
        var answer = await client.ReadToEndAsync(Quick);

        Assert.StartsWith(statusLine + "\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Connection: close\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_head_over_16_KiB_is_refused_with_431()
    {
        using var client = new RawHttpClient(_harness.Port);

        await client.SendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + new string('a', 20_000) + "\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 431 Request Header Fields Too Large\r\n", await client.ReadToEndAsync(Quick), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipelined_requests_on_one_connection_are_answered_in_order_and_it_stays_open()
    {
        using var client = new RawHttpClient(_harness.Port);

        await client.SendAsync("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nPOST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\n\r\n{}GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n");
        var answers = await client.ReadResponsesAsync(3, Quick);

        var statuses = System.Text.RegularExpressions.Regex.Matches(answers, @"HTTP/1\.1 \d{3} [^\r]*").Select(m => m.Value).ToList();
        Assert.Equal(["HTTP/1.1 200 OK", "HTTP/1.1 401 Unauthorized", "HTTP/1.1 404 Not Found"], statuses);
        Assert.DoesNotContain("Connection: close", answers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_HTTP_1_0_keep_alive_client_like_ApacheBench_keeps_its_connection()
    {
        using var client = new RawHttpClient(_harness.Port);

        await client.SendAsync("GET /healthz HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: 127.0.0.1\r\n\r\nGET /healthz HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: 127.0.0.1\r\n\r\n");
        var answers = await client.ReadResponsesAsync(2, Quick);

        Assert.Equal(2, answers.Split("Connection: keep-alive\r\n").Length - 1);
    }

    /// <summary>
    /// ApacheBench's ~1.8 % "failed requests" against the HttpListener receiver: it closed every kept-alive connection
    /// after 100 reuses, announcing "Connection: close" next to "Keep-Alive: true", so ab sent its next request into a
    /// closed connection (one Length and one Exceptions failure per connection every 101 requests).
    /// </summary>
    [Fact]
    public async Task A_kept_alive_connection_is_not_closed_after_100_requests()
    {
        using var client = new RawHttpClient(_harness.Port);

        await client.SendAsync(string.Concat(Enumerable.Repeat("GET /healthz HTTP/1.0\r\nConnection: Keep-Alive\r\nHost: 127.0.0.1\r\n\r\n", 150)));
        var answers = await client.ReadResponsesAsync(150, Quick);

        Assert.Equal(150, answers.Split("HTTP/1.1 200 OK\r\n").Length - 1);
        Assert.Equal(150, answers.Split("Connection: keep-alive\r\n").Length - 1);
        Assert.DoesNotContain("Connection: close", answers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expect_100_continue_gets_100_before_the_body_and_a_refusal_without_it()
    {
        var body = Encoding.UTF8.GetBytes(ReceiverHarness.Event(_harness.Fleet.Scenario.RemoteHead));
        using var accepted = new RawHttpClient(_harness.Port);
        using var refused = new RawHttpClient(_harness.Port);

        await accepted.SendAsync($"POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: {body.Length}\r\n\r\n");
        var interim = await accepted.ReadResponsesAsync(1, Quick);
        await accepted.SendAsync(body);
        var final = await accepted.ReadResponsesAsync(1, Quick);
        await refused.SendAsync("POST /hooks/other HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 100 Continue\r\n\r\n", interim, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 401 Unauthorized\r\n", final, StringComparison.Ordinal); // unsigned: the body was read and judged
        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", await refused.ReadToEndAsync(Quick), StringComparison.Ordinal);
    }

    public void Dispose() => _harness.Dispose();
}
