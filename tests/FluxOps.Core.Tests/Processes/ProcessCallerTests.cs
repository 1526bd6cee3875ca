using FluxOps.Core.Git;
using FluxOps.Core.Registry;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Processes;

/// <summary>
/// What the runner's callers promise on top of it: git never prompts and gets credentials only through its
/// environment; a docker credential helper that floods its output is refused, not believed and not kept.
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProcessCallerTests : IDisposable
{
    private const string Secret = "hunter2-process-secret";
    private readonly TempDirectory _dir = new("fluxops-callers");

    [Fact]
    public void System_git_gets_the_credential_through_its_environment_and_no_prompt_settings()
    {
        // A git alias starting with '!' runs a command in git's own environment: here, one that prints it.
        var result = SystemGit.Run(_dir.Path, ["-c", "alias.fluxops-env=!env", "fluxops-env"],
            new GitCredential("robot", Secret), CancellationToken.None, credentialUrl: "https://git.example.test/fleet.git");
        // The helper is scoped to the remote's scheme, host and port (git's own credential.<url>.* matching).
        var helper = SystemGit.Run(_dir.Path, ["-c", "alias.fluxops-helper=!git config --get-all credential.https://git.example.test.helper", "fluxops-helper"],
            new GitCredential("robot", Secret), CancellationToken.None, credentialUrl: "https://git.example.test/fleet.git");

        Assert.Equal(0, result.ExitCode);
        var environment = result.StandardOutput.Split('\n');
        Assert.Contains("GIT_TERMINAL_PROMPT=0", environment);
        Assert.Contains("GIT_ASKPASS=", environment);
        Assert.Contains("FLUXOPS_GIT_USERNAME=robot", environment);
        Assert.Contains("FLUXOPS_GIT_PASSWORD=***", environment); // there, and redacted on its way out
        Assert.Contains(Environment.GetEnvironmentVariable("GIT_SSH_COMMAND") is { Length: > 0 } own
            ? "GIT_SSH_COMMAND=" + own
            : "GIT_SSH_COMMAND=ssh -o BatchMode=yes", environment);
        Assert.DoesNotContain(Secret, result.StandardOutput, StringComparison.Ordinal);
        // The command line carries the helper that reads the variable, never the value.
        Assert.Contains("$FLUXOPS_GIT_PASSWORD", helper.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, helper.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void System_git_leaves_ssh_alone_when_the_user_configured_their_own_ssh_command()
    {
        var result = SystemGit.Run(_dir.Path, ["-c", "alias.fluxops-env=!env", "fluxops-env"], null, CancellationToken.None, batchSsh: false);

        Assert.DoesNotContain("GIT_SSH_COMMAND=ssh -o BatchMode=yes", result.StandardOutput.Split('\n'));
        Assert.DoesNotContain("FLUXOPS_GIT_PASSWORD", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_git_command_past_its_timeout_is_a_GitTimedOut_failure()
    {
        var ex = Assert.Throws<GitOperationException>(() =>
            SystemGit.Run(_dir.Path, ["-c", "alias.fluxops-hang=!sleep 300", "fluxops-hang"], null, CancellationToken.None, timeout: TimeSpan.FromSeconds(1)));

        Assert.Equal("GitTimedOut", ex.ErrorId);
        Assert.Equal(FailureKind.ConnectionFailed, ex.Kind);
    }

    [Fact]
    public void A_docker_credential_helper_that_floods_its_output_is_refused_and_not_kept()
    {
        var helperName = "fluxflood" + Guid.NewGuid().ToString("N")[..6];
        WriteHelper(helperName, $"#!/bin/sh\nread -r server\nprintf '{{\"Username\":\"u\",\"Secret\":\"{Secret}\"'\nhead -c 200000000 /dev/zero\n");
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var ex = WithHelpersOnPath(() => Assert.Throws<InvalidOperationException>(() => CredentialHelper.Get(helperName, "registry.example", "a test")));

        Assert.Contains($"docker-credential-{helperName} printed more than 64 KiB", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, ex.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore < 64L * 1024 * 1024, "the flood was kept in memory");
    }

    [Fact]
    public void A_docker_credential_helper_that_fails_is_reported_without_echoing_what_it_printed()
    {
        var helperName = "fluxfail" + Guid.NewGuid().ToString("N")[..6];
        WriteHelper(helperName, $"#!/bin/sh\nread -r server\necho \"cannot unlock {Secret} for $server\" >&2\nexit 4\n");

        var ex = WithHelpersOnPath(() => Assert.Throws<InvalidOperationException>(() => CredentialHelper.Get(helperName, "registry.example", "a test")));

        Assert.Equal($"The credential helper docker-credential-{helperName} failed with exit code 4.", ex.Message);
    }

    private void WriteHelper(string name, string script)
    {
        var path = _dir.Combine("docker-credential-" + name);
        File.WriteAllText(path, script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    // This collection runs alone, so putting the helper folder on PATH affects no other test.
    private T WithHelpersOnPath<T>(Func<T> action)
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", _dir.Path + Path.PathSeparator + path);
        try
        {
            return action();
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    public void Dispose() => _dir.Dispose();
}
