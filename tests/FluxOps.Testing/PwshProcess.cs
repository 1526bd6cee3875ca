namespace FluxOps.Testing;

/// <summary>Starts a real, separate pwsh (the PowerShell NuGet tool package run by dotnet, or pwsh on PATH).</summary>
public static class PwshProcess
{
    public static (string FileName, string[] Prefix) Locate()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "pwsh")).FirstOrDefault(File.Exists);
        if (onPath is not null)
        {
            return (onPath, []);
        }

        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
            ? custom
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var dll = Directory.Exists(Path.Combine(packages, "powershell"))
            ? Directory.GetFiles(Path.Combine(packages, "powershell"), "pwsh.dll", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == (OperatingSystem.IsWindows() ? "win" : "unix"))
                .OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            : null;
        return dll is not null
            ? ("dotnet", [dll])
            : throw new InvalidOperationException("No pwsh found: put pwsh on PATH or run 'dotnet tool restore'.");
    }

    /// <summary>Runs <paramref name="script"/> in a new non-interactive pwsh that keeps running in the background.</summary>
    public static BackgroundProcess Start(string script, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var (file, prefix) = Locate();
        return new BackgroundProcess(file, [.. prefix, "-NoProfile", "-NonInteractive", "-Command", script], null, environment);
    }
}
