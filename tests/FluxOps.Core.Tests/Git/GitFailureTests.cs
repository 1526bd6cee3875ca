using FluxOps.Core.Git;
using FluxOps.Testing;
using LibGit2Sharp;

namespace FluxOps.Core.Tests.Git;

/// <summary>
/// Wrong credentials, no credentials and no such repository are three different errors, for libgit2 and the system git
/// alike, against the real smart-HTTP server (nginx + git-http-backend with Basic auth) and a real sshd.
/// </summary>
public sealed class GitFailureTests : IDisposable
{
    private readonly FluxRepoScenario _scenario = new();
    private readonly TempDirectory _local = new("fluxops-gitfailure");

    public GitFailureTests() => _scenario.Push("Initial", new Dictionary<string, string> { ["apps/web.yaml"] = "replicas: 2\n" });

    public static TheoryData<string> Transports => new() { "libgit2", "system" };

    private static IGitTransport Transport(string kind, GitCredential? credential) =>
        kind == "libgit2" ? new LibGit2Transport(credential) : new SystemGitTransport(credential);

    private GitOperationException FetchFails(string kind, string url, GitCredential? credential)
    {
        var path = _local.Combine(Guid.NewGuid().ToString("N"));
        Repository.Init(path, isBare: true);
        using var repository = new Repository(path);
        repository.Network.Remotes.Add("origin", url);
        return Assert.Throws<GitOperationException>(() => Transport(kind, credential).Fetch(repository, "origin", "main", "refs/remotes/origin/main", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public void A_wrong_password_is_refused_credentials_and_never_shown(string transport)
    {
        const string wrong = "Wrong-Token-5531";

        var error = FetchFails(transport, _scenario.Url, new GitCredential(_scenario.Server.User, wrong));

        Assert.Equal("GitAuthenticationFailed", error.ErrorId);
        Assert.Equal(FailureKind.AuthenticationFailed, error.Kind);
        Assert.Contains("refused the credentials from -Credential", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("none were given", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public void No_credentials_at_all_says_none_were_given_not_that_they_were_refused(string transport)
    {
        var error = FetchFails(transport, _scenario.Url, null);

        Assert.Equal("GitAuthenticationRequired", error.ErrorId);
        Assert.Contains("needs credentials for fetch and none were given", error.Message, StringComparison.Ordinal);
        Assert.Contains("-Credential", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public void A_repository_that_does_not_exist_is_not_found_not_an_authentication_error(string transport)
    {
        var error = FetchFails(transport, _scenario.Server.UrlFor("no-such-fleet"), new GitCredential(_scenario.Server.User, _scenario.Server.Password));

        Assert.Equal("GitRepositoryNotFound", error.ErrorId);
        Assert.Equal(FailureKind.ObjectNotFound, error.Kind);
        Assert.Contains("There is no repository at " + _scenario.Server.UrlFor("no-such-fleet"), error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_scenario.Server.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_that_is_no_repository_on_an_ssh_server_is_not_found()
    {
        using var ssh = new SshGitServer();
        var path = _local.Combine("ssh-clone");
        Repository.Init(path, isBare: true);
        using var repository = new Repository(path);
        repository.Network.Remotes.Add("origin", ssh.UrlFor(_local.Combine("no-such.git")));
        repository.Config.Set("core.sshCommand", ssh.SshCommand);

        var error = Assert.Throws<GitOperationException>(() => new SystemGitTransport(null).Fetch(repository, "origin", "main", "refs/remotes/origin/main", CancellationToken.None));

        Assert.Equal("GitRepositoryNotFound", error.ErrorId);
        Assert.Contains("the path on the server", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fatal: Authentication failed for 'http://127.0.0.1:34041/fleet.git/'", "GitAuthenticationFailed")]
    [InlineData("fatal: repository 'http://127.0.0.1:40123/404-pages.git/' not found", "GitRepositoryNotFound")]
    [InlineData("fatal: unable to access 'http://127.0.0.1:44011/fleet.git/': Failed to connect to 127.0.0.1 port 44011", "GitRemoteUnreachable")]
    public void Port_numbers_and_names_in_the_message_never_read_as_a_status_code(string message, string errorId)
    {
        Assert.Equal(errorId, GitFailure.Classify(message, "http://127.0.0.1/fleet.git", "fetch", "-Credential").ErrorId);
    }

    public void Dispose()
    {
        _local.Dispose();
        _scenario.Dispose();
    }
}
