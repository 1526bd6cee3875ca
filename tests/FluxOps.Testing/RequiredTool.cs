namespace FluxOps.Testing;

/// <summary>Finds the executables the real-component fixtures need, or says which package brings them.</summary>
public static class RequiredTool
{
    public static string Find(string command, string debianPackage)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var dir in path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/usr/bin", "/sbin"]))
        {
            var candidate = System.IO.Path.Combine(dir, command);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{command}' was not found. Install it with: apt-get install -y {debianPackage} (.ci/run installs every test dependency).");
    }
}
