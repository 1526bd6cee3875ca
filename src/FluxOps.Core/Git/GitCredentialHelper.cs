using System.Diagnostics;

namespace FluxOps.Core.Git;

/// <summary>
/// Asks the user's configured git credential helpers (<c>git credential fill</c>) for an HTTPS credential, so cached or
/// manager-stored credentials work without -Credential. Never prompts: terminal prompts are disabled.
/// </summary>
internal static class GitCredentialHelper
{
    public static GitCredential? Fill(string url, string? workingDirectory = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
        {
            return null;
        }

        try
        {
            var info = new ProcessStartInfo("git")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory ?? System.Environment.CurrentDirectory,
            };
            info.ArgumentList.Add("credential");
            info.ArgumentList.Add("fill");
            info.Environment["GIT_TERMINAL_PROMPT"] = "0";
            info.Environment["GIT_ASKPASS"] = string.Empty;
            info.Environment["SSH_ASKPASS"] = string.Empty;
            using var process = Process.Start(info);
            if (process is null)
            {
                return null;
            }

            process.StandardInput.Write($"protocol={uri.Scheme}\nhost={uri.Authority}\npath={uri.AbsolutePath.TrimStart('/')}\n\n");
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            if (process.ExitCode != 0)
            {
                return null;
            }

            string? user = null;
            string? password = null;
            foreach (var line in output.GetAwaiter().GetResult().Split('\n'))
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
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git binary (e.g. an Azure Automation sandbox): there are no helpers to ask
        }
    }
}
