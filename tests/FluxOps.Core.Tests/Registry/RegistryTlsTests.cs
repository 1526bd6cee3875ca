using FluxOps.Core.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

/// <summary>A real docker-registry serving HTTPS with a self-signed certificate on 127.0.0.2 (not a plain-HTTP host).</summary>
public sealed class TlsRegistry : IDisposable
{
    public TlsRegistry()
    {
        Registry = new RegistryServer(tlsAddress: "127.0.0.2");
        using var pusher = new ImagePusher(Registry);
        Digest = pusher.PushImageAsync("app", "v1").GetAwaiter().GetResult();
    }

    public RegistryServer Registry { get; }

    public string Digest { get; }

    public void Dispose() => Registry.Dispose();
}

public sealed class RegistryTlsTests(TlsRegistry fixture) : IClassFixture<TlsRegistry>, IDisposable
{
    private readonly RegistryTestKit _kit = new();

    [Fact]
    public async Task An_untrusted_certificate_is_unknown_with_a_tls_reason()
    {
        using var batch = _kit.NewBatch(new RegistryClientOptions { RetryCount = 0 });

        var result = await RegistryTestKit.CheckAsync(batch, $"{fixture.Registry.Host}/app:v1");

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("TLS", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("HEAD https://", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.2")]
    [InlineData("host:port")]
    public async Task SkipTlsVerify_for_the_host_accepts_it(string skip)
    {
        var host = skip == "host:port" ? fixture.Registry.Host : skip;
        using var batch = _kit.NewBatch(new RegistryClientOptions { SkipTlsVerifyHosts = [host], RetryCount = 0 });

        var result = await RegistryTestKit.CheckAsync(batch, $"{fixture.Registry.Host}/app:v1");

        Assert.Equal((ImageCheckStatus.Exists, fixture.Digest), (result.Status, result.Digest));
    }

    [Fact]
    public async Task SkipTlsVerify_for_another_host_does_not_weaken_this_one()
    {
        using var batch = _kit.NewBatch(new RegistryClientOptions { SkipTlsVerifyHosts = ["registry.example.com"], RetryCount = 0 });

        Assert.Equal(ImageCheckStatus.Unknown, (await RegistryTestKit.CheckAsync(batch, $"{fixture.Registry.Host}/app:v1")).Status);
    }

    public void Dispose() => _kit.Dispose();
}
