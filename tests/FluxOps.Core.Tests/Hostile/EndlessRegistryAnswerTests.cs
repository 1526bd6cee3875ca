using FluxOps.Core.Registry;
using FluxOps.Core.Tests.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hostile;

/// <summary>
/// A registry (or its token server) that streams an endless body: the check ends Unknown with a message naming the
/// 4 MiB cap, and the client stops reading there — the server cannot push more than the cap plus socket buffers.
/// </summary>
public sealed class EndlessRegistryAnswerTests : IDisposable
{
    private const long Cap = 4L * 1024 * 1024;
    private readonly RegistryTestKit _kit = new();
    private long _sent;

    private async Task StreamForever(System.Net.HttpListenerContext context, CancellationToken stop)
    {
        context.Response.SendChunked = true;
        context.Response.ContentType = "application/json";
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        chunk[0] = (byte)'{';
        while (!stop.IsCancellationRequested)
        {
            await context.Response.OutputStream.WriteAsync(chunk, stop);
            Interlocked.Add(ref _sent, chunk.Length);
            chunk[0] = (byte)' ';
        }
    }

    [Fact]
    public async Task An_endless_token_answer_is_unknown_at_the_cap()
    {
        using var tokens = new LoopbackHttpServer(StreamForever);
        using var registry = new LoopbackHttpServer((c, _) => LoopbackHttpServer.RespondAsync(c, 401,
            new Dictionary<string, string> { ["WWW-Authenticate"] = $"Bearer realm=\"http://{tokens.Host}/token\",service=\"registry\"" }));
        using var batch = _kit.NewBatch(new RegistryClientOptions { RetryCount = 0 });

        var result = await RegistryTestKit.CheckAsync(batch, $"{registry.Host}/app:v1");

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("larger than the 4 MiB", result.Error, StringComparison.Ordinal);
        Assert.Contains("/token", result.Error, StringComparison.Ordinal);
        Assert.InRange(Interlocked.Read(ref _sent), Cap, Cap + (32L * 1024 * 1024));
    }

    [Fact]
    public async Task An_endless_manifest_is_unknown_at_the_cap()
    {
        using var registry = new LoopbackHttpServer(async (c, stop) =>
        {
            if (c.Request.HttpMethod == "HEAD")
            {
                await LoopbackHttpServer.RespondAsync(c, 405);
                return;
            }

            await StreamForever(c, stop);
        });
        using var batch = _kit.NewBatch(new RegistryClientOptions { RetryCount = 0 });

        var result = await RegistryTestKit.CheckAsync(batch, $"{registry.Host}/app:v1");

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("larger than the 4 MiB", result.Error, StringComparison.Ordinal);
        Assert.InRange(Interlocked.Read(ref _sent), Cap, Cap + (32L * 1024 * 1024));
    }

    public void Dispose() => _kit.Dispose();
}
