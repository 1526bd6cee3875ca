using FluxOps.Core.Processes;

namespace FluxOps.Core.Git;

/// <summary>
/// Asks the user's configured git credential helpers (<c>git credential fill</c>) for an HTTPS credential, so cached or
/// manager-stored credentials work without -Credential. Never prompts: terminal prompts and askpass are disabled.
/// </summary>
internal static class GitCredentialHelper
{
    private static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(10);

    // A credential answer is a few short lines; anything longer is not one.
    private const int MaxAnswerChars = 64 * 1024;

    public static GitCredential? Fill(string url, string? workingDirectory = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            return null;
        }

        var request = new ProcessRequest("git", ["credential", "fill"])
        {
            WorkingDirectory = workingDirectory ?? System.Environment.CurrentDirectory,
            Environment = SystemGit.NoPrompts,
            StandardInput = $"protocol={uri.Scheme}\nhost={uri.Authority}\npath={uri.AbsolutePath.TrimStart('/')}\n\n",
            Timeout = HelperTimeout,
            MaxOutputChars = MaxAnswerChars,
            DisplayName = "git credential fill",
            // No Redact: the answer is the credential asked for, and it never reaches a message.
        };
        ProcessResult result;
        try
        {
            result = ProcessRunner.Run(request, CancellationToken.None);
        }
        catch (FluxOpsException)
        {
            // No git binary (e.g. an Azure Automation sandbox), or a helper that hangs: there is no answer to use.
            return null;
        }

        if (result.ExitCode != 0 || result.StandardOutputTruncated)
        {
            return null;
        }

        string? user = null;
        string? password = null;
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            if (line.StartsWith("username=", StringComparison.Ordinal))
            {
                user = line["username=".Length..];
            }
            else if (line.StartsWith("password=", StringComparison.Ordinal))
            {
                password = line["password=".Length..];
            }
        }

        return password is null ? null : new GitCredential(user ?? string.Empty, password);
    }
}
