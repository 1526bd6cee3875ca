using System.Text;
using FluxOps.Core.Git;
using FluxOps.Testing;
using LibGit2Sharp;

namespace FluxOps.Core.Tests.Hostile;

/// <summary>
/// A git server that redirects to another host must not hand that host the -Credential: like git's credential rules,
/// a credential goes only to the scheme, host and port it was given for. The "other host" is another loopback port
/// that answers 401 and records what it is sent; both transports (libgit2 and the system git) are checked, for a
/// redirect before any credential was asked for and for one after the right server accepted it.
/// </summary>
public sealed class RedirectCredentialTests : IDisposable
{
    private const string User = "flux";
    private const string Password = "redirect-secret-9c1d";
    private readonly LoopbackHttpServer _elsewhere = new((c, _) => LoopbackHttpServer.RespondAsync(c, 401, new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"elsewhere\"" }));
    private readonly TempDirectory _clone = new("fluxops-redirect");

    public static TheoryData<string, bool> Cases => new()
    {
        { "libgit2", false }, { "libgit2", true }, { "system", false }, { "system", true },
    };

    private static string Basic => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_redirect_to_another_host_never_receives_the_credential(string transport, bool authenticateFirst)
    {
        using var origin = new LoopbackHttpServer((c, _) =>
            authenticateFirst && c.Request.Headers["Authorization"] != Basic
                ? LoopbackHttpServer.RespondAsync(c, 401, new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"git\"" })
                : LoopbackHttpServer.RespondAsync(c, 302, new Dictionary<string, string> { ["Location"] = $"http://{_elsewhere.Host}{c.Request.Url!.PathAndQuery}" }));
        Repository.Init(_clone.Path, isBare: true);
        using var repository = new Repository(_clone.Path);
        repository.Network.Remotes.Add("origin", $"http://{origin.Host}/fleet.git");
        var credential = new GitCredential(User, Password);
        IGitTransport git = transport == "libgit2" ? new LibGit2Transport(credential) : new SystemGitTransport(credential);

        var error = Assert.ThrowsAny<GitOperationException>(() => git.Fetch(repository, "origin", "main", "refs/remotes/origin/main", CancellationToken.None));

        Assert.NotEmpty(_elsewhere.Requests); // the redirect was really followed
        Assert.DoesNotContain(_elsewhere.Requests, r => r.Authorization is not null);
        Assert.Equal(FailureKind.AuthenticationFailed, error.Kind);
        Assert.DoesNotContain(Password, error.Message, StringComparison.Ordinal);
        if (authenticateFirst)
        {
            Assert.Contains(origin.Requests, r => r.Authorization == Basic); // the right host did get it
        }
    }

    public void Dispose()
    {
        _elsewhere.Dispose();
        _clone.Dispose();
    }
}
