using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using FluxOps.Core.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

/// <summary>Registry faults from a scripted loopback HTTP server: errors, rate limits, hangs, refused HEAD, refused connections.</summary>
public sealed class RegistryFaultTests : IDisposable
{
    private const string Digest = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private static readonly byte[] ManifestBody = Encoding.UTF8.GetBytes("""{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{},"layers":[]}""");
    private readonly RegistryTestKit _kit = new();
    private readonly ConcurrentQueue<DateTimeOffset> _arrivals = new();

    private static Dictionary<string, string> Found(bool withDigest = true)
    {
        var headers = new Dictionary<string, string> { ["Content-Type"] = ManifestMediaTypes.OciManifest };
        if (withDigest)
        {
            headers["Docker-Content-Digest"] = Digest;
        }

        return headers;
    }

    private ImageCheckBatch Batch(int retries = 2, double timeoutSeconds = 10) => _kit.NewBatch(new RegistryClientOptions
    {
        RetryCount = retries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds),
    });

    [Fact]
    public async Task A_server_error_is_unknown_after_the_retries_never_not_found()
    {
        using var server = new LoopbackHttpServer((c, _) => LoopbackHttpServer.RespondAsync(c, 500, body: Encoding.UTF8.GetBytes("boom")));
        using var batch = Batch(retries: 2);

        var result = await RegistryTestKit.CheckAsync(batch, $"{server.Host}/app:v1");

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("500", result.Error, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_rate_limit_with_retry_after_is_waited_out_and_then_answered()
    {
        var calls = 0;
        using var server = new LoopbackHttpServer((c, _) =>
        {
            _arrivals.Enqueue(DateTimeOffset.UtcNow);
            return Interlocked.Increment(ref calls) == 1
                ? LoopbackHttpServer.RespondAsync(c, 429, new Dictionary<string, string> { ["Retry-After"] = "1" })
                : LoopbackHttpServer.RespondAsync(c, 200, Found(), ManifestBody);
        });
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{server.Host}/app:v1");

        Assert.Equal((ImageCheckStatus.Exists, Digest), (result.Status, result.Digest));
        Assert.Equal(2, server.Requests.Count);
        var times = _arrivals.ToArray();
        // The only retry delay without Retry-After would be ~20-70 ms; the registry asked for a second.
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(950), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_limit_is_unknown_instead_of_stalling()
    {
        using var server = new LoopbackHttpServer((c, _) =>
            LoopbackHttpServer.RespondAsync(c, 503, new Dictionary<string, string> { ["Retry-After"] = "3600" }));
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{server.Host}/app:v1");

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("Retry-After", result.Error, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_registry_that_hangs_is_unknown_after_the_request_timeout()
    {
        using var server = new LoopbackHttpServer(async (_, stop) => await Task.Delay(Timeout.Infinite, stop));
        using var batch = Batch(retries: 1, timeoutSeconds: 1);

        var result = await RegistryTestKit.CheckAsync(batch, $"{server.Host}/app:v1");

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("no answer within 1 s", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task A_manifest_that_never_ends_is_unknown_at_the_size_cap_instead_of_filling_memory()
    {
        using var server = new LoopbackHttpServer(async (c, stop) =>
        {
            if (c.Request.HttpMethod == "HEAD")
            {
                await LoopbackHttpServer.RespondAsync(c, 405);
                return;
            }

            c.Response.SendChunked = true;
            var chunk = new byte[64 * 1024];
            while (!stop.IsCancellationRequested)
            {
                await c.Response.OutputStream.WriteAsync(chunk, stop);
            }
        });
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{server.Host}/app:v1");

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("larger than the 8 MiB", result.Error, StringComparison.Ordinal);
        Assert.Equal(["HEAD", "GET"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Cancelling_the_run_answers_pending_checks_with_unknown()
    {
        using var server = new LoopbackHttpServer(async (_, stop) => await Task.Delay(Timeout.Infinite, stop));
        using var batch = Batch(retries: 0, timeoutSeconds: 600);

        var pending = batch.Submit(ImageNameParser.Parse($"{server.Host}/app:v1"));
        for (var i = 0; i < 200 && server.Requests.Count == 0; i++)
        {
            await Task.Delay(50);
        }

        batch.Cancel();
        var result = await pending;

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("Cancelled", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_refused_with_405_falls_back_to_get()
    {
        using var server = new LoopbackHttpServer((c, _) => c.Request.HttpMethod == "HEAD"
            ? LoopbackHttpServer.RespondAsync(c, 405)
            : LoopbackHttpServer.RespondAsync(c, 200, Found(), ManifestBody));
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{server.Host}/app:v1");

        Assert.Equal((ImageCheckStatus.Exists, Digest), (result.Status, result.Digest));
        Assert.Equal(["HEAD", "GET"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_head_answer_without_digest_falls_back_to_get_and_a_digestless_get_is_hashed()
    {
        using var server = new LoopbackHttpServer((c, _) => LoopbackHttpServer.RespondAsync(c, 200, Found(withDigest: false), ManifestBody));
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{server.Host}/app:v1");

        Assert.Equal(ImageCheckStatus.Exists, result.Status);
        Assert.Equal("sha256:" + Convert.ToHexString(SHA256.HashData(ManifestBody)).ToLowerInvariant(), result.Digest);
        Assert.Equal(["HEAD", "GET"], server.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task A_missing_tag_is_never_followed_by_a_get()
    {
        using var server = new LoopbackHttpServer((c, _) => LoopbackHttpServer.RespondAsync(c, 404));
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{server.Host}/app:v1");

        Assert.Equal(ImageCheckStatus.NotFound, result.Status);
        // The manifest is asked once, with HEAD; the only other request is the tag list that names the nearest tags.
        Assert.Equal(["HEAD"], server.Requests.Where(r => r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal)).Select(r => r.Method));
        Assert.Equal(["GET /v2/app/tags/list?n=1000"], server.Requests.Where(r => !r.PathAndQuery.Contains("/manifests/", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.PathAndQuery}"));
    }

    [Fact]
    public async Task A_refused_connection_is_unknown()
    {
        var port = FreePort.Next();
        using var batch = Batch(retries: 1);

        var result = await RegistryTestKit.CheckAsync(batch, $"127.0.0.1:{port}/app:v1");

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("connection refused", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_other_than_loopback_use_https_unless_listed_as_plain_http()
    {
        using var server = new LoopbackHttpServer((c, _) => LoopbackHttpServer.RespondAsync(c, 200, Found(), ManifestBody));
        var alias = $"localhost.localdomain.invalid:{server.Port}";
        var plain = new RegistryClientOptions { PlainHttpHosts = [$"localhost.localdomain.invalid:{server.Port}"] };

        Assert.False(new RegistryClientOptions().UsesPlainHttp(ImageNameParser.Parse($"{alias}/app:v1")));
        Assert.True(plain.UsesPlainHttp(ImageNameParser.Parse($"{alias}/app:v1")));
        Assert.True(new RegistryClientOptions().UsesPlainHttp(ImageNameParser.Parse($"localhost:{server.Port}/app:v1")));
        Assert.True(new RegistryClientOptions().UsesPlainHttp(ImageNameParser.Parse($"[::1]:{server.Port}/app:v1")));

        // 127.0.0.1 speaks plain HTTP by default: the same server answers.
        using var batch = Batch();
        Assert.Equal(ImageCheckStatus.Exists, (await RegistryTestKit.CheckAsync(batch, $"{server.Host}/app:v1")).Status);
    }

    [Fact]
    public async Task A_token_refused_for_insufficient_scope_is_unauthorized_without_asking_for_another_token()
    {
        // What Docker Hub does for a repository that does not exist: a valid anonymous token, then 401 insufficient_scope.
        using var tokens = new TokenServer();
        using var server = new LoopbackHttpServer((c, _) =>
        {
            var error = c.Request.Headers["Authorization"] is null ? string.Empty : ",error=\"insufficient_scope\"";
            return LoopbackHttpServer.RespondAsync(c, 401, new Dictionary<string, string>
            {
                ["WWW-Authenticate"] = $"Bearer realm=\"{tokens.Realm}\",service=\"{TokenServer.Service}\",scope=\"repository:ghost/app:pull\"{error}",
            });
        });
        using var batch = Batch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{server.Host}/ghost/app:v1");

        Assert.Equal(ImageCheckStatus.Unauthorized, result.Status);
        Assert.Equal(1, tokens.TokensIssued);
        Assert.Equal(2, server.Requests.Count);
        Assert.StartsWith("Bearer ", server.Requests[1].Authorization, StringComparison.Ordinal);
    }

    public void Dispose() => _kit.Dispose();
}
