using FluxOps.Core.Git;
using FluxOps.Core.Revert;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Revert;

/// <summary>SSH remotes go through the system git: a real sshd on a loopback port with a generated key.</summary>
public sealed class SshRevertTests : IDisposable
{
    private readonly FluxRepoScenario _scenario = new();
    private readonly SshGitServer _ssh = new();

    [Fact]
    public void Revert_is_fetched_and_pushed_over_ssh_with_the_users_ssh_command()
    {
        _scenario.Push("Initial", new Dictionary<string, string> { ["apps/web.yaml"] = "replicas: 2\n" });
        var bad = _scenario.Push("Scale to zero", new Dictionary<string, string> { ["apps/web.yaml"] = "replicas: 0\n" });
        using var clone = new TempDirectory("fluxops-ssh-clone");
        var environment = new Dictionary<string, string?>(ProcessRunner.GitEnvironment) { ["GIT_SSH_COMMAND"] = _ssh.SshCommand };
        ProcessRunner.Run("git", ["clone", "-q", _ssh.UrlFor(_scenario.BarePath), "."], clone.Path, environment).EnsureSuccess("git clone over ssh");
        ProcessRunner.Git(clone.Path, "config", "core.sshCommand", _ssh.SshCommand);
        ProcessRunner.Git(clone.Path, "config", "user.name", "Ops Engineer");
        ProcessRunner.Git(clone.Path, "config", "user.email", "ops@example.test");

        var result = Assert.Single(FluxReverter.Run(new RevertRequest { RepositoryPath = clone.Path, Commits = [bad] }));

        Assert.True(result.Pushed);
        Assert.Equal(_scenario.RemoteHead, result.RevertSha);
        Assert.Equal("replicas: 2", _scenario.RemoteFile("main", "apps/web.yaml"));
        Assert.True(_scenario.RemoteIsAncestor(bad, "main"));
    }

    [Fact]
    public void An_ssh_key_the_server_does_not_know_is_an_authentication_error()
    {
        _scenario.Push("Initial", new Dictionary<string, string> { ["apps/web.yaml"] = "replicas: 2\n" });
        var bad = _scenario.Push("Scale to zero", new Dictionary<string, string> { ["apps/web.yaml"] = "replicas: 0\n" });
        using var clone = _scenario.NewClone();
        using var keys = new TempDirectory("fluxops-otherkey");
        ProcessRunner.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-f", keys.Combine("k")]).EnsureSuccess("ssh-keygen");
        clone.Git("remote", "set-url", "origin", _ssh.UrlFor(_scenario.BarePath));
        clone.Git("config", "core.sshCommand", _ssh.SshCommand.Replace(_ssh.ClientKey, keys.Combine("k"), StringComparison.Ordinal));
        var refs = _scenario.RemoteRefs;

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(new RevertRequest { RepositoryPath = clone.Path, Commits = [bad] }));

        Assert.Equal("GitAuthenticationFailed", error.ErrorId);
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    public void Dispose()
    {
        _ssh.Dispose();
        _scenario.Dispose();
    }
}
