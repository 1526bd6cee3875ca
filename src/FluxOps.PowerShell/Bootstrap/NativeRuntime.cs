using System.Runtime.InteropServices;

namespace FluxOps.PowerShell.Bootstrap;

/// <summary>Names the runtime identifier and native file name conventions of the current process.</summary>
internal static class NativeRuntime
{
    private static readonly Lazy<bool> IsMuslLazy = new(DetectMusl);

    /// <summary>e.g. linux-x64, linux-musl-arm64, osx-arm64, win-x64.</summary>
    public static string RuntimeIdentifier
    {
        get
        {
            var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            if (OperatingSystem.IsWindows())
            {
                return "win-" + arch;
            }

            if (OperatingSystem.IsMacOS())
            {
                return "osx-" + arch;
            }

            return (IsMuslLazy.Value ? "linux-musl-" : "linux-") + arch;
        }
    }

    /// <summary>The file a DllImport library name maps to: git2-x -> libgit2-x.so / libgit2-x.dylib / git2-x.dll.</summary>
    public static string FileName(string libraryName)
    {
        if (OperatingSystem.IsWindows())
        {
            return libraryName.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? libraryName : libraryName + ".dll";
        }

        var prefixed = libraryName.StartsWith("lib", StringComparison.Ordinal) ? libraryName : "lib" + libraryName;
        return prefixed + (OperatingSystem.IsMacOS() ? ".dylib" : ".so");
    }

    // Alpine and other musl distributions ship the musl dynamic loader instead of glibc's.
    private static bool DetectMusl()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        foreach (var dir in new[] { "/lib", "/usr/lib" })
        {
            if (Directory.Exists(dir) && Directory.EnumerateFiles(dir, "ld-musl-*").Any())
            {
                return true;
            }
        }

        return false;
    }
}
