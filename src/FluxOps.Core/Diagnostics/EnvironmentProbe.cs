using System.Runtime.InteropServices;
using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using FluxOps.Core.Registry;
using FluxOps.Models;
using LibGit2Sharp;

namespace FluxOps.Core.Diagnostics;

/// <summary>
/// Gathers the facts a support request needs. Touching <see cref="GlobalSettings.Version"/>
/// really loads the native libgit2, so a successful probe proves the native layout works.
/// </summary>
internal static class EnvironmentProbe
{
    public static FluxOpsEnvironment Collect(IReadOnlyDictionary<string, string?> environmentVariables, string homeDirectory)
    {
        ArgumentNullException.ThrowIfNull(environmentVariables);
        var libgit2 = GlobalSettings.Version;
        ProveYamlParserLoads();
        var git = FindOnPath("git", environmentVariables);
        environmentVariables.TryGetValue(GitTransports.ChoiceVariable, out var choice);
        return new FluxOpsEnvironment
        {
            OS = RuntimeInformation.OSDescription,
            DotNetVersion = RuntimeInformation.FrameworkDescription,
            // LibGit2Sharp exposes the native build as the libgit2 commit it was built from.
            LibGit2Version = $"libgit2 {libgit2.LibGit2CommitSha} (LibGit2Sharp {libgit2.InformationalVersion})",
            LibGit2Features = libgit2.Features.ToString()
                .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            YamlDotNetVersion = typeof(YamlDotNet.Core.YamlException).Assembly.GetName().Version?.ToString() ?? "unknown",
            GitCli = git,
            // What FluxOps really uses, next to what libgit2 was built with: its Ssh feature is never used.
            SshRemotes = git is null ? "not available: SSH remotes need the system git on PATH" : $"system git ({git})",
            HttpsRemotes = GitTransports.SystemGitChosen(choice, () => git is not null)
                ? $"system git ({git ?? "git"})" : "libgit2 (bundled)",
            RegistryAuthFiles = RegistryAuthFileLocator.ExistingFiles(environmentVariables, homeDirectory),
        };
    }

    // Parsing a document (not just naming a type) proves YamlDotNet resolved inside the module's load context;
    // it goes through the YAML gateway like every other read.
    private static void ProveYamlParserLoads() => SafeYamlReader.Read("fluxops: probe");

    /// <summary>Returns the full path of an executable found on PATH, or null.</summary>
    public static string? FindOnPath(string command, IReadOnlyDictionary<string, string?> environmentVariables)
    {
        ArgumentNullException.ThrowIfNull(environmentVariables);
        environmentVariables.TryGetValue("PATH", out var path);
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var names = OperatingSystem.IsWindows()
            ? new[] { command + ".exe", command + ".cmd", command }
            : new[] { command };
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
