using System.Reflection;
using System.Runtime.InteropServices;

namespace FluxOps.Core.Git;

/// <summary>
/// The few libgit2 entry points the history walk calls directly, bound once from the very library LibGit2Sharp loaded
/// (resolved through LibGit2Sharp's own assembly, so the module's private load context applies): opening a repository
/// and reading raw objects from its object database. LibGit2Sharp allocates several managed objects and marshals
/// signatures per commit, and libgit2's own commit and tree lookups parse and cache more than the walk needs.
/// </summary>
internal sealed unsafe class LibGit2Native
{
    public const int NotFound = -3; // GIT_ENOTFOUND
    public const int CommitType = 1; // GIT_OBJECT_COMMIT

    private static readonly Lazy<LibGit2Native?> Loaded = new(Load);

    public delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, int> RepositoryOpen;
    public delegate* unmanaged[Cdecl]<IntPtr, void> RepositoryFree;
    public delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, int> RepositoryOdb;
    public delegate* unmanaged[Cdecl]<IntPtr, void> OdbFree;
    public delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, GitOid*, int> OdbRead;
    public delegate* unmanaged[Cdecl]<nuint*, int*, IntPtr, GitOid*, int> OdbReadHeader;
    // Field reads inside libgit2: no GC transition needed (they neither block nor call back).
    public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, byte*> OdbObjectData;
    public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, nuint> OdbObjectSize;
    public delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int> OdbObjectType;
    public delegate* unmanaged[Cdecl]<IntPtr, void> OdbObjectFree;
    public delegate* unmanaged[Cdecl]<IntPtr> ErrorLast;

    /// <summary>Why the native entry points are not available (diagnostics; callers fall back to LibGit2Sharp).</summary>
    public static string? UnavailableReason { get; private set; }

    /// <summary>The bound entry points, or null when they cannot be found.</summary>
    public static LibGit2Native? Instance => Loaded.Value;

    /// <summary>libgit2's message for the last failure on this thread (git_error.message), if any.</summary>
    public string LastError()
    {
        var error = ErrorLast();
        var message = error == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(error));
        return string.IsNullOrWhiteSpace(message) ? "unknown libgit2 error" : message;
    }

    private static LibGit2Native? Load()
    {
        try
        {
            var libGit2Sharp = typeof(LibGit2Sharp.Repository).Assembly;
            // The versioned file name ("git2-<hash>") is a constant inside LibGit2Sharp; read it without running any initialiser.
            var name = new[] { "LibGit2Sharp.Core.NativeMethods", "LibGit2Sharp.Core.NativeDllName" }
                .Select(libGit2Sharp.GetType)
                .SelectMany(t => t?.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static) ?? [])
                .Where(f => f.IsLiteral)
                .Select(f => f.GetRawConstantValue() as string)
                .FirstOrDefault(v => v is not null && v.StartsWith("git2-", StringComparison.Ordinal));
            if (name is null)
            {
                UnavailableReason = "no git2-* constant in LibGit2Sharp";
                return null;
            }

            if (!NativeLibrary.TryLoad(name, libGit2Sharp, null, out var library))
            {
                UnavailableReason = $"{name} could not be loaded";
                return null;
            }

            IntPtr F(string symbol) => NativeLibrary.GetExport(library, symbol);

            // libgit2 counts initialisations; one more from us is harmless and makes the walk independent of
            // whether LibGit2Sharp has initialised the library yet.
            var init = (delegate* unmanaged[Cdecl]<int>)F("git_libgit2_init");
            if (init() < 0)
            {
                UnavailableReason = "git_libgit2_init failed";
                return null;
            }

            return new LibGit2Native
            {
                RepositoryOpen = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, int>)F("git_repository_open"),
                RepositoryFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("git_repository_free"),
                RepositoryOdb = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, int>)F("git_repository_odb"),
                OdbFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("git_odb_free"),
                OdbRead = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, GitOid*, int>)F("git_odb_read"),
                OdbReadHeader = (delegate* unmanaged[Cdecl]<nuint*, int*, IntPtr, GitOid*, int>)F("git_odb_read_header"),
                OdbObjectData = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, byte*>)F("git_odb_object_data"),
                OdbObjectSize = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, nuint>)F("git_odb_object_size"),
                OdbObjectType = (delegate* unmanaged[Cdecl, SuppressGCTransition]<IntPtr, int>)F("git_odb_object_type"),
                OdbObjectFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("git_odb_object_free"),
                ErrorLast = (delegate* unmanaged[Cdecl]<IntPtr>)F("git_error_last"),
            };
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or BadImageFormatException)
        {
            UnavailableReason = ex.Message;
            return null; // callers fall back to the LibGit2Sharp source
        }
    }
}
