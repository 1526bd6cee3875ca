using FluxOps.Core.Processes;

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
    /// <summary>Output kept per stream: far above what fetch, push or a long log print, bounded all the same.</summary>
    public const int MaxOutputChars = 32 * 1024 * 1024;

    // The helper runs in git's shell; the secret arrives in its environment and leaves on its stdout, never in argv.
    private const string InlineHelper = "!f() { echo \"username=$FLUXOPS_GIT_USERNAME\"; echo \"password=$FLUXOPS_GIT_PASSWORD\"; }; f";

    /// <summary>Variables that keep git from asking anyone anything: no terminal prompt, no askpass program.</summary>
    internal static IReadOnlyDictionary<string, string?> NoPrompts { get; } = new Dictionary<string, string?>
    {
        ["GIT_TERMINAL_PROMPT"] = "0",
        ["GIT_ASKPASS"] = string.Empty,
        ["SSH_ASKPASS"] = string.Empty,
    };

    /// <param name="batchSsh">Make ssh fail instead of prompting. Callers pass false when the user configured their own
    /// ssh command (core.sshCommand), which then applies unchanged.</param>
    /// <param name="credentialUrl">The remote URL the credential was given for: git's own URL-scoped helper config
    /// (<c>credential.&lt;scheme://host:port&gt;.helper</c>) then answers only for that scheme, host and port, so a
    /// redirect to another host is never handed the credential.</param>
    public static SystemGitResult Run(string workingDirectory, IReadOnlyList<string> arguments, GitCredential? credential, CancellationToken cancellationToken,
        bool batchSsh = true, TimeSpan? timeout = null, string? credentialUrl = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var argv = new List<string>();
        var environment = new Dictionary<string, string?>(NoPrompts);
        if (credential is not null && CredentialScope.Origin(credentialUrl) is { } origin)
        {
            argv.AddRange(["-c", "credential.helper=", "-c", $"credential.{origin}.helper=" + InlineHelper]);
            environment["FLUXOPS_GIT_USERNAME"] = credential.UserName;
            environment["FLUXOPS_GIT_PASSWORD"] = credential.Secret;
        }

        argv.AddRange(arguments);
        // BatchMode: fail instead of asking for a passphrase or host-key confirmation nobody can answer.
        if (batchSsh && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("GIT_SSH_COMMAND"))
            && string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("GIT_SSH")))
        {
            environment["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes";
        }

        var request = new ProcessRequest("git", argv)
        {
            WorkingDirectory = workingDirectory,
            Environment = environment,
            Timeout = timeout ?? TimeSpan.FromMinutes(5),
            MaxOutputChars = MaxOutputChars,
            Redact = text => GitCredential.Redact(text, credential),
            DisplayName = arguments.Count > 0 ? "git " + arguments[0] : "git",
        };
        try
        {
            var result = ProcessRunner.Run(request, cancellationToken);
            return new SystemGitResult(result.ExitCode, result.StandardOutput, result.StandardError);
        }
        catch (FluxOpsException ex) when (ex.ErrorId == ProcessRunner.NotInstalled)
        {
            throw new GitOperationException("GitNotInstalled", FailureKind.InvalidOperation,
                "SSH remotes need the system git client, and 'git' was not found on PATH. Install git or use an HTTPS remote.", "git", ex);
        }
        catch (FluxOpsException ex) when (ex.ErrorId == ProcessRunner.TimedOut)
        {
            throw new GitOperationException("GitTimedOut", FailureKind.ConnectionFailed, request.DisplayName + " did not finish in time.", null, ex);
        }
    }
}
