using FluxOps.Core.Http;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Http;

/// <summary>Time and size bounds of one attempt: servers that hang, stall mid-body, or never stop sending.</summary>
public sealed class ResponseLimitTests
{
    private readonly HttpTestKit _kit = new();

    [Fact]
    public async Task A_server_that_never_answers_is_bounded_by_the_timeout_on_every_attempt()
    {
        using var server = new LoopbackHttpServer(async (_, stop) => await Task.Delay(Timeout.Infinite, stop));
        using var client = _kit.Client(retries: 1, timeoutSeconds: 1);

        var error = await Assert.ThrowsAsync<HttpTransportException>(() => client.GetAsync(server.BaseUri));

        Assert.Equal("HttpTimeout", error.ErrorId);
        Assert.Contains("no answer within 1 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_stalls_in_the_middle_of_the_body_is_bounded_by_the_same_timeout()
    {
        using var server = new LoopbackHttpServer(async (context, stop) =>
        {
            context.Response.ContentLength64 = 1000;
            await context.Response.OutputStream.WriteAsync(new byte[10], stop);
            await context.Response.OutputStream.FlushAsync(stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        using var client = _kit.Client(retries: 0, timeoutSeconds: 1);

        var error = await Assert.ThrowsAsync<HttpTransportException>(() => client.GetAsync(server.BaseUri));

        Assert.Equal("HttpTimeout", error.ErrorId);
    }

    [Fact]
    public async Task Cancelling_a_hanging_request_is_a_cancellation_not_a_timeout()
    {
        using var server = new LoopbackHttpServer(async (_, stop) => await Task.Delay(Timeout.Infinite, stop));
        using var client = _kit.Client(retries: 3, timeoutSeconds: 600);
        using var cancel = new CancellationTokenSource();

        var pending = client.GetAsync(server.BaseUri, cancel.Token);
        for (var i = 0; i < 200 && server.Requests.Count == 0; i++)
        {
            await Task.Delay(50);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_endless_body_is_stopped_at_the_cap_with_a_clear_error_and_is_never_held_in_memory()
    {
        const int cap = 1024 * 1024;
        long written = 0;
        var stopped = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new LoopbackHttpServer(async (context, stop) =>
        {
            context.Response.SendChunked = true;
            var chunk = new byte[64 * 1024];
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await context.Response.OutputStream.WriteAsync(chunk, stop);
                    Interlocked.Add(ref written, chunk.Length);
                }
            }
            finally
            {
                stopped.TrySetResult(Interlocked.Read(ref written));
            }
        });
        using var client = _kit.Client(retries: 2, maxBytes: cap);

        var error = await Assert.ThrowsAsync<HttpTransportException>(() => client.GetAsync(server.BaseUri + "manifests/v1?sig=blob-secret"));
        var sent = await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("HttpResponseTooLarge", error.ErrorId);
        Assert.Contains("larger than the 1 MiB", error.Message, StringComparison.Ordinal);
        Assert.Contains("/manifests/v1", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("blob-secret", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests); // a cap is not a transient failure
        // The client hung up: the server could not push more than the cap plus what loopback socket buffers hold.
        Assert.True(sent < 32L * cap, $"the server wrote {sent} bytes before the client hung up");
    }

    [Fact]
    public async Task A_declared_length_over_the_cap_fails_before_reading()
    {
        using var server = new LoopbackHttpServer(async (context, stop) =>
        {
            context.Response.ContentLength64 = 1L << 30;
            await context.Response.OutputStream.WriteAsync(new byte[1024], stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        using var client = _kit.Client(retries: 0, timeoutSeconds: 600, maxBytes: 1024 * 1024);

        var error = await Assert.ThrowsAsync<HttpTransportException>(() => client.GetAsync(server.BaseUri));

        Assert.Equal("HttpResponseTooLarge", error.ErrorId);
        Assert.Contains("is 1024 MiB, more than the 1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_capped_reader_returns_a_body_within_the_limit_and_refuses_one_beyond()
    {
        using var server = new LoopbackHttpServer((c, _) => LoopbackHttpServer.RespondAsync(c, 200, body: new byte[2048]));
        using var client = _kit.Client(maxBytes: 1024 * 1024);

        using var response = await client.GetAsync(server.BaseUri, HttpCompletionOption.ResponseHeadersRead);
        var body = await ResponseBody.ReadAsync(response, 4096, CancellationToken.None);
        using var again = await client.GetAsync(server.BaseUri, HttpCompletionOption.ResponseHeadersRead);
        var error = await Assert.ThrowsAsync<HttpTransportException>(() => ResponseBody.ReadAsync(again, 1024, CancellationToken.None));

        Assert.Equal(2048, body.Length);
        Assert.Contains("2 KiB, more than the 1 KiB", error.Message, StringComparison.Ordinal);
    }
}
