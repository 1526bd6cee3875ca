namespace FluxOps.Testing;

/// <summary>
/// A real OpenSSH <c>sshd</c> on a free loopback port (Debian openssh-server) with a generated host key and a generated
/// client key, so git can fetch and push over SSH to bare repositories on this machine. Public-key auth only.
/// </summary>
public sealed class SshGitServer : IDisposable
{
    private readonly TempDirectory _directory = new("fluxops-sshd");
    private readonly BackgroundProcess _sshd;

    public SshGitServer()
    {
        var sshd = File.Exists("/usr/sbin/sshd") ? "/usr/sbin/sshd" : RequiredTool.Find("sshd", "openssh-server");
        var keygen = RequiredTool.Find("ssh-keygen", "openssh-client");
        Port = FreePort.Next();
        User = Environment.UserName;
        var hostKey = _directory.Combine("host_ed25519");
        ClientKey = _directory.Combine("client_ed25519");
        ProcessRunner.Run(keygen, ["-q", "-t", "ed25519", "-N", string.Empty, "-f", hostKey]).EnsureSuccess("ssh-keygen host");
        ProcessRunner.Run(keygen, ["-q", "-t", "ed25519", "-N", string.Empty, "-f", ClientKey]).EnsureSuccess("ssh-keygen client");
        var authorizedKeys = _directory.Combine("authorized_keys");
        File.Copy(ClientKey + ".pub", authorizedKeys);

        // sshd refuses to start without its privilege separation directory.
        Directory.CreateDirectory("/run/sshd");
        var config = _directory.Combine("sshd_config");
        File.WriteAllText(config, $"""
            Port {Port}
            ListenAddress 127.0.0.1
            HostKey {hostKey}
            PidFile {_directory.Combine("sshd.pid")}
            AuthorizedKeysFile {authorizedKeys}
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            StrictModes no
            UsePAM no
            PrintMotd no
            AcceptEnv GIT_PROTOCOL
            """);
        _sshd = new BackgroundProcess(sshd, ["-D", "-e", "-f", config]);
        Wait.ForPort(Port, _sshd, "sshd");
    }

    public int Port { get; }

    public string User { get; }

    /// <summary>The private key the server accepts.</summary>
    public string ClientKey { get; }

    /// <summary>An ssh command line for git (core.sshCommand / GIT_SSH_COMMAND) that logs in with the client key, no prompts.</summary>
    public string SshCommand =>
        $"ssh -i {ClientKey} -o IdentitiesOnly=yes -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR";

    public string UrlFor(string barePath) => $"ssh://{User}@127.0.0.1:{Port}{barePath}";

    public void Dispose()
    {
        _sshd.Dispose();
        _directory.Dispose();
    }
}
