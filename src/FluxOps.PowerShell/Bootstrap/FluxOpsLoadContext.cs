using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;

namespace FluxOps.PowerShell.Bootstrap;

/// <summary>
/// The module's private load context: FluxOps.Core, LibGit2Sharp and YamlDotNet come from
/// Dependencies/ so another module's YamlDotNet or LibGit2Sharp never collides with ours.
/// FluxOps.Models is left to the default context so the pipeline types are one and the same.
/// </summary>
internal sealed class FluxOpsLoadContext : AssemblyLoadContext
{
    private readonly string _dependencyDirectory;
    private readonly string _nativeDirectory;
    private readonly ConcurrentDictionary<string, IntPtr> _nativeHandles = new(StringComparer.Ordinal);

    public FluxOpsLoadContext(string dependencyDirectory)
        : base("FluxOps", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
        _nativeDirectory = ResolveNativeDirectory(dependencyDirectory);
    }

    /// <summary>Folder the native libgit2 is loaded from.</summary>
    public string NativeDirectory => _nativeDirectory;

    /// <summary>Full path of the last native library this context loaded, for diagnostics.</summary>
    public string? LoadedNativeLibrary { get; private set; }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        // Returning null hands the request to the default context; that is how FluxOps.Models unifies.
        if (string.Equals(assemblyName.Name, "FluxOps.Models", StringComparison.Ordinal))
        {
            return null;
        }

        var candidate = Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    // LibGit2Sharp owns the one DllImport resolver its assembly may have and probes places that
    // do not exist inside a module (and drops the "lib" prefix on Unix), so when it gives up the
    // runtime asks this context, which knows where the module ships the native binaries.
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _nativeHandles.GetOrAdd(unmanagedDllName, name =>
        {
            var path = Path.Combine(_nativeDirectory, NativeRuntime.FileName(name));
            if (!File.Exists(path))
            {
                return IntPtr.Zero;
            }

            var handle = LoadUnmanagedDllFromPath(path);
            LoadedNativeLibrary = path;
            return handle;
        });

    private static string ResolveNativeDirectory(string dependencyDirectory)
    {
        var rid = NativeRuntime.RuntimeIdentifier;
        var preferred = Path.Combine(dependencyDirectory, "runtimes", rid, "native");
        if (Directory.Exists(preferred))
        {
            return preferred;
        }

        // A musl system without a musl build still has a chance with the glibc one, and vice versa.
        var alternative = rid.Contains("-musl-", StringComparison.Ordinal)
            ? rid.Replace("-musl-", "-", StringComparison.Ordinal)
            : rid.Replace("linux-", "linux-musl-", StringComparison.Ordinal);
        var fallback = Path.Combine(dependencyDirectory, "runtimes", alternative, "native");
        return Directory.Exists(fallback) ? fallback : preferred;
    }
}
