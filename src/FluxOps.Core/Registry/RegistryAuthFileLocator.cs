namespace FluxOps.Core.Registry;

/// <summary>
/// Where container tools keep registry credentials, in the order users expect them to be read.
/// Only paths are ever reported; contents stay private.
/// </summary>
internal static class RegistryAuthFileLocator
{
    public static IReadOnlyList<string> CandidateFiles(IReadOnlyDictionary<string, string?> env, string home)
    {
        ArgumentNullException.ThrowIfNull(env);
        var files = new List<string>();
        if (Get(env, "REGISTRY_AUTH_FILE") is { } registryAuthFile)
        {
            files.Add(registryAuthFile);
        }

        if (Get(env, "XDG_RUNTIME_DIR") is { } runtimeDir)
        {
            files.Add(Path.Combine(runtimeDir, "containers", "auth.json"));
        }

        var configHome = Get(env, "XDG_CONFIG_HOME") ?? Path.Combine(home, ".config");
        files.Add(Path.Combine(configHome, "containers", "auth.json"));

        var dockerConfig = Get(env, "DOCKER_CONFIG") ?? Path.Combine(home, ".docker");
        files.Add(Path.Combine(dockerConfig, "config.json"));
        return files;
    }

    public static IReadOnlyList<string> ExistingFiles(IReadOnlyDictionary<string, string?> env, string home) =>
        CandidateFiles(env, home).Where(File.Exists).Distinct(StringComparer.Ordinal).ToArray();

    private static string? Get(IReadOnlyDictionary<string, string?> env, string name) =>
        env.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
