using System.Net;
using System.Net.Sockets;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Fixtures;

/// <summary>The fixtures every later test stands on: they start the real servers and clean up after.</summary>
public sealed class RealComponentFixtureTests
{
    [Fact]
    public async Task Registry_serves_a_pushed_image_and_stops_on_dispose()
    {
        int port;
        using (var registry = new RegistryServer())
        {
            port = registry.Port;
            using var pusher = new ImagePusher(registry);
            var digest = await pusher.PushImageAsync("team/app", "v1");

            using var client = registry.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Head, "v2/team/app/manifests/v1");
            request.Headers.Accept.ParseAdd(ImagePusher.OciManifest);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        }

        Assert.False(IsListening(port));
    }

    [Fact]
    public async Task Registry_with_basic_auth_refuses_anonymous_reads()
    {
        using var registry = new RegistryServer(RegistryAuth.Basic("robot", "s3cret"));
        using var pusher = new ImagePusher(registry);
        await pusher.PushImageAsync("team/app", "v1");

        using var anonymous = new HttpClient { BaseAddress = registry.BaseUri };
        using var response = await anonymous.GetAsync("v2/");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registry_holds_a_multi_platform_index()
    {
        using var registry = new RegistryServer();
        using var pusher = new ImagePusher(registry);
        var digest = await pusher.PushIndexAsync("team/multi", "v1", "linux/amd64", "linux/arm64");

        using var client = registry.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/team/multi/manifests/v1");
        request.Headers.Accept.ParseAdd(ImagePusher.OciIndex);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(digest, response.Headers.GetValues("Docker-Content-Digest").Single());
        Assert.Contains("\"arm64\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Git_server_accepts_authenticated_pushes_and_rejects_a_wrong_password()
    {
        int port;
        using (var server = new GitHttpServer())
        {
            port = server.Port;
            server.CreateBareRepository("gitops");
            using var work = new GitWorkTree();
            var sha = work.Commit("initial", new Dictionary<string, string> { ["README.md"] = "hello\n" });
            work.Git("push", "-q", server.AuthenticatedUrlFor("gitops"), "HEAD:refs/heads/main");

            using var clone = GitWorkTree.Clone(server.AuthenticatedUrlFor("gitops"));
            Assert.Equal(sha, clone.Head);

            var wrong = server.AuthenticatedUrlFor("gitops").Replace(server.Password, "wrong", StringComparison.Ordinal);
            var refused = ProcessRunner.Run("git", ["ls-remote", wrong], work.Path, ProcessRunner.GitEnvironment);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("Authentication failed", refused.StandardError, StringComparison.Ordinal);
        }

        Assert.False(IsListening(port));
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
