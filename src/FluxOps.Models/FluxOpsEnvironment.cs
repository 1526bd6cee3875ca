namespace FluxOps.Models;

/// <summary>Facts about the running FluxOps installation, for bug reports.</summary>
public sealed class FluxOpsEnvironment
{
    public string ModuleVersion { get; set; } = string.Empty;
    public string ModulePath { get; set; } = string.Empty;
    public string PowerShellVersion { get; set; } = string.Empty;
    public string OS { get; set; } = string.Empty;
    public string RuntimeIdentifier { get; set; } = string.Empty;
    public string DotNetVersion { get; set; } = string.Empty;
    public string LibGit2Version { get; set; } = string.Empty;
    public IReadOnlyList<string> LibGit2Features { get; set; } = Array.Empty<string>();
    public string NativeLibraryPath { get; set; } = string.Empty;
    public string YamlDotNetVersion { get; set; } = string.Empty;
    public string? GitCli { get; set; }
    /// <summary>How FluxOps reaches SSH remotes: always the system git (never libgit2's own Ssh feature).</summary>
    public string SshRemotes { get; set; } = string.Empty;
    /// <summary>How FluxOps reaches HTTP(S) remotes: the system git or the bundled libgit2 (FLUXOPS_GIT_TRANSPORT decides).</summary>
    public string HttpsRemotes { get; set; } = string.Empty;
    public IReadOnlyList<string> RegistryAuthFiles { get; set; } = Array.Empty<string>();
}
