using System.Net;
using FluxOps.Core.Http;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Http;

/// <summary>Redirects: followed for reads (registries send blobs to storage elsewhere), credentials never follow to another host.</summary>
public sealed class RedirectHandlerTests
{
    private readonly HttpTestKit _kit = new();

    [Fact]
    public async Task A_read_follows_a_redirect_to_another_host_without_the_credentials()
    {
        var storageHeaders = new List<string>();
        using var storage = new LoopbackHttpServer((c, _) =>
        {
            storageHeaders.AddRange(c.Request.Headers.AllKeys.Select(k => $"{k}: {c.Request.Headers[k]}"));
            return LoopbackHttpServer.RespondAsync(c, 200, body: "blob"u8.ToArray());
        });
        using var registry = new LoopbackHttpServer((c, _) =>
            LoopbackHttpServer.RespondAsync(c, 307, new Dictionary<string, string> { ["Location"] = storage.BaseUri + "blob?X-Signature=abc" }));
        using var client = _kit.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, registry.BaseUri + "v2/app/blobs/sha256:1");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "registry-token");
        request.Headers.Add("PRIVATE-TOKEN", "gitlab-token");
        request.Headers.Accept.ParseAdd("application/octet-stream");

        using var response = await client.SendAsync(request);

        Assert.Equal("blob", await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer registry-token", Assert.Single(registry.Requests).Authorization);
        Assert.Null(Assert.Single(storage.Requests).Authorization);
        Assert.DoesNotContain(storageHeaders, h => h.Contains("token", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(storageHeaders, h => h.StartsWith("Accept: application/octet-stream", StringComparison.Ordinal));
        Assert.Contains(storageHeaders, h => h.StartsWith("User-Agent: FluxOps/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redirect_on_the_same_host_keeps_the_credentials()
    {
        using var server = new LoopbackHttpServer((c, _) => c.Request.Url!.AbsolutePath == "/old"
            ? LoopbackHttpServer.RespondAsync(c, 301, new Dictionary<string, string> { ["Location"] = "/new" })
            : LoopbackHttpServer.RespondAsync(c, 200));
        using var client = _kit.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUri + "old");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "same-host");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["Bearer same-host", "Bearer same-host"], server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task A_write_is_never_replayed_to_the_redirect_target()
    {
        using var elsewhere = new LoopbackHttpServer((c, _) => LoopbackHttpServer.RespondAsync(c, 201));
        using var server = new LoopbackHttpServer((c, _) =>
            LoopbackHttpServer.RespondAsync(c, 307, new Dictionary<string, string> { ["Location"] = elsewhere.BaseUri.ToString() }));
        using var client = _kit.Client();

        using var response = await client.PostAsync(server.BaseUri, new StringContent("{}"));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public async Task A_redirect_loop_ends_after_a_bounded_number_of_hops()
    {
        using var server = new LoopbackHttpServer((c, _) =>
            LoopbackHttpServer.RespondAsync(c, 302, new Dictionary<string, string> { ["Location"] = "/again" }));
        using var client = _kit.Client();

        var error = await Assert.ThrowsAsync<HttpTransportException>(() => client.GetAsync(server.BaseUri));

        Assert.Equal("HttpTooManyRedirects", error.ErrorId);
        Assert.Equal(6, server.Requests.Count);
    }
}
