using System.Diagnostics;

namespace FluxOps.Core.Git;

/// <summary>The result of one system git command.</summary>
internal sealed record SystemGitResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs the system <c>git</c> binary (for SSH remotes: the user's ssh config, keys and agent apply). Never prompts.
/// An explicit HTTPS credential is handed over through an inline credential helper that reads it from the child's
/// environment, so the secret is never on a command line.
/// </summary>
internal static class SystemGit
{
    /// <param name="batchSsh">Make ssh fail instead of prompting. Callers pass false when the user configured their own
    /// ssh command (core.sshCommand), which then applies unchanged.</param>
    public static SystemGitResult Run(string workingDirectory, IReadOnlyList<string> arguments, GitCredential? credential, CancellationToken cancellationToken, bool batchSsh = true, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (credential is not null)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("credential.helper=");
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("credential.helper=!f() { echo \"username=$FLUXOPS_GIT_USERNAME\"; echo \"password=$FLUXOPS_GIT_PASSWORD\"; }; f");
            info.Environment["FLUXOPS_GIT_USERNAME"] = credential.UserName;
            info.Environment["FLUXOPS_GIT_PASSWORD"] = credential.Secret;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["GIT_TERMINAL_PROMPT"] = "0";
        // BatchMode: fail instead of asking for a passphrase or host-key confirmation nobody can answer.
        if (batchSsh && string.IsNullOrEmpty(info.Environment.TryGetValue("GIT_SSH_COMMAND", out var own) ? own : null)
            && string.IsNullOrEmpty(info.Environment.TryGetValue("GIT_SSH", out var ssh) ? ssh : null))
        {
            info.Environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("git did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new GitOperationException("GitNotInstalled", FailureKind.InvalidOperation,
                "SSH remotes need the system git client, and 'git' was not found on PATH. Install git or use an HTTPS remote.", "git", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
            while (!process.WaitForExit(100))
            {
                if (cancellationToken.IsCancellationRequested || DateTime.UtcNow > deadline)
                {
                    process.Kill(entireProcessTree: true);
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new GitOperationException("GitTimedOut", FailureKind.ConnectionFailed, "git " + arguments[0] + " did not finish in time.");
                }
            }

            process.WaitForExit();
            return new SystemGitResult(process.ExitCode,
                GitCredential.Redact(stdout.GetAwaiter().GetResult(), credential),
                GitCredential.Redact(stderr.GetAwaiter().GetResult(), credential));
        }
    }
}
