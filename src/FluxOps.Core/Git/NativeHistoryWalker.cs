using System.Reflection;
using System.Runtime.InteropServices;

namespace FluxOps.Core.Git;

/// <summary>
/// The hot loop of a path-filtered history query, straight on libgit2 (the very library LibGit2Sharp loaded, resolved
/// through its own assembly so the module's private load context applies). LibGit2Sharp allocates several managed
/// objects and marshals signatures per commit; on a 10,000-commit history that is several times slower than
/// <c>git log -- path</c>. Here each commit costs a commit lookup and a tree-entry lookup per path, and the parent's
/// answer is remembered for the next step of the (mostly linear) walk.
/// </summary>
internal sealed unsafe class NativeHistoryWalker : IDisposable
{
    private const int SortTopologicalTime = 1 | (1 << 1); // children before parents, newest first among equals: git log order
    private static readonly Lazy<Api?> Functions = new(Api.Load);
    private readonly Api _api;
    private IntPtr _repository;

    /// <summary>Why the native walker is not available (diagnostics; the LibGit2Sharp walk is used instead).</summary>
    internal static string? UnavailableReason { get; private set; }

    private NativeHistoryWalker(Api api, IntPtr repository)
    {
        _api = api;
        _repository = repository;
    }

    /// <summary>Opens the repository for native walking; null when the native entry points cannot be found.</summary>
    public static NativeHistoryWalker? Open(string gitDirectory)
    {
        var api = Functions.Value;
        if (api is null)
        {
            return null;
        }

        IntPtr repository;
        var path = Marshal.StringToCoTaskMemUTF8(gitDirectory);
        try
        {
            if (api.RepositoryOpen(&repository, path) != 0)
            {
                UnavailableReason = "git_repository_open failed for " + gitDirectory;
                return null;
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(path);
        }

        return new NativeHistoryWalker(api, repository);
    }

    /// <summary>
    /// Shas (newest first, commit-time order) reachable from <paramref name="start"/> but not from <paramref name="hide"/>,
    /// committed at or after <paramref name="sinceUnixSeconds"/>, whose first-parent diff touches one of <paramref name="paths"/>.
    /// </summary>
    public IEnumerable<string> Touching(string start, string? hide, long? sinceUnixSeconds, IReadOnlyList<string> paths)
    {
        var results = new List<string>();
        var nativePaths = paths.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        IntPtr walk;
        Check(_api.RevwalkNew(&walk, _repository));
        try
        {
            _api.RevwalkSorting(walk, SortTopologicalTime);
            var startId = Oid.Parse(start);
            Check(_api.RevwalkPush(walk, &startId));
            if (hide is not null)
            {
                var hideId = Oid.Parse(hide);
                Check(_api.RevwalkHide(walk, &hideId));
            }

            var cached = default(Oid);
            var cachedEntries = new Oid[paths.Count];
            var hasCache = false;
            var mine = new Oid[paths.Count];
            var theirs = new Oid[paths.Count];
            Oid id;
            while (_api.RevwalkNext(&id, walk) == 0)
            {
                IntPtr commit;
                Check(_api.CommitLookup(&commit, _repository, &id));
                try
                {
                    if (sinceUnixSeconds is { } since && _api.CommitTime(commit) < since)
                    {
                        break;
                    }

                    if (hasCache && cached.Equals(id))
                    {
                        Array.Copy(cachedEntries, mine, mine.Length);
                    }
                    else
                    {
                        EntriesOf(_api.CommitTreeId(commit), nativePaths, mine);
                    }

                    if (_api.CommitParentCount(commit) > 0)
                    {
                        var parentId = *_api.CommitParentId(commit, 0);
                        IntPtr parent;
                        Check(_api.CommitLookup(&parent, _repository, &parentId));
                        try
                        {
                            EntriesOf(_api.CommitTreeId(parent), nativePaths, theirs);
                        }
                        finally
                        {
                            _api.CommitFree(parent);
                        }

                        cached = parentId;
                        Array.Copy(theirs, cachedEntries, theirs.Length);
                        hasCache = true;
                    }
                    else
                    {
                        Array.Clear(theirs);
                    }

                    if (!mine.AsSpan().SequenceEqual(theirs))
                    {
                        results.Add(id.ToString());
                    }
                }
                finally
                {
                    _api.CommitFree(commit);
                }
            }
        }
        finally
        {
            _api.RevwalkFree(walk);
            foreach (var p in nativePaths)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }

        return results;
    }

    public void Dispose()
    {
        if (_repository != IntPtr.Zero)
        {
            _api.RepositoryFree(_repository);
            _repository = IntPtr.Zero;
        }
    }

    private void EntriesOf(Oid* treeId, IntPtr[] paths, Oid[] into)
    {
        IntPtr tree;
        Check(_api.TreeLookup(&tree, _repository, treeId));
        try
        {
            for (var i = 0; i < paths.Length; i++)
            {
                IntPtr entry;
                if (_api.TreeEntryBypath(&entry, tree, paths[i]) == 0)
                {
                    into[i] = *_api.TreeEntryId(entry);
                    _api.TreeEntryFree(entry);
                }
                else
                {
                    into[i] = default; // path absent in this commit
                }
            }
        }
        finally
        {
            _api.TreeFree(tree);
        }
    }

    private static void Check(int code)
    {
        if (code < 0)
        {
            throw new InvalidOperationException($"libgit2 returned error {code} while walking history.");
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Oid : IEquatable<Oid>
    {
        private fixed byte _bytes[20];

        public static Oid Parse(string hex)
        {
            var result = default(Oid);
            var bytes = Convert.FromHexString(hex);
            for (var i = 0; i < 20; i++)
            {
                result._bytes[i] = bytes[i];
            }

            return result;
        }

        public readonly bool Equals(Oid other)
        {
            for (var i = 0; i < 20; i++)
            {
                if (_bytes[i] != other._bytes[i])
                {
                    return false;
                }
            }

            return true;
        }

        public override readonly bool Equals(object? obj) => obj is Oid other && Equals(other);

        public override readonly int GetHashCode() => _bytes[0] | (_bytes[1] << 8) | (_bytes[2] << 16) | (_bytes[3] << 24);

        public override readonly string ToString()
        {
            Span<byte> copy = stackalloc byte[20];
            for (var i = 0; i < 20; i++)
            {
                copy[i] = _bytes[i];
            }

            return Convert.ToHexString(copy).ToLowerInvariant();
        }
    }

    /// <summary>The libgit2 entry points used, bound once from the library LibGit2Sharp loaded.</summary>
    private sealed class Api
    {
        public delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, int> RepositoryOpen;
        public delegate* unmanaged[Cdecl]<IntPtr, void> RepositoryFree;
        public delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, int> RevwalkNew;
        public delegate* unmanaged[Cdecl]<IntPtr, uint, int> RevwalkSorting;
        public delegate* unmanaged[Cdecl]<IntPtr, Oid*, int> RevwalkPush;
        public delegate* unmanaged[Cdecl]<IntPtr, Oid*, int> RevwalkHide;
        public delegate* unmanaged[Cdecl]<Oid*, IntPtr, int> RevwalkNext;
        public delegate* unmanaged[Cdecl]<IntPtr, void> RevwalkFree;
        public delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, Oid*, int> CommitLookup;
        public delegate* unmanaged[Cdecl]<IntPtr, long> CommitTime;
        public delegate* unmanaged[Cdecl]<IntPtr, Oid*> CommitTreeId;
        public delegate* unmanaged[Cdecl]<IntPtr, uint> CommitParentCount;
        public delegate* unmanaged[Cdecl]<IntPtr, uint, Oid*> CommitParentId;
        public delegate* unmanaged[Cdecl]<IntPtr, void> CommitFree;
        public delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, Oid*, int> TreeLookup;
        public delegate* unmanaged[Cdecl]<IntPtr, void> TreeFree;
        public delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, IntPtr, int> TreeEntryBypath;
        public delegate* unmanaged[Cdecl]<IntPtr, Oid*> TreeEntryId;
        public delegate* unmanaged[Cdecl]<IntPtr, void> TreeEntryFree;

        public static Api? Load()
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

                // libgit2 counts initialisations; one more from us is harmless and makes the walker independent of
                // whether LibGit2Sharp has initialised the library yet.
                var init = (delegate* unmanaged[Cdecl]<int>)F("git_libgit2_init");
                if (init() < 0)
                {
                    UnavailableReason = "git_libgit2_init failed";
                    return null;
                }

                return new Api
                {
                    RepositoryOpen = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, int>)F("git_repository_open"),
                    RepositoryFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("git_repository_free"),
                    RevwalkNew = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, int>)F("git_revwalk_new"),
                    RevwalkSorting = (delegate* unmanaged[Cdecl]<IntPtr, uint, int>)F("git_revwalk_sorting"),
                    RevwalkPush = (delegate* unmanaged[Cdecl]<IntPtr, Oid*, int>)F("git_revwalk_push"),
                    RevwalkHide = (delegate* unmanaged[Cdecl]<IntPtr, Oid*, int>)F("git_revwalk_hide"),
                    RevwalkNext = (delegate* unmanaged[Cdecl]<Oid*, IntPtr, int>)F("git_revwalk_next"),
                    RevwalkFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("git_revwalk_free"),
                    CommitLookup = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, Oid*, int>)F("git_commit_lookup"),
                    CommitTime = (delegate* unmanaged[Cdecl]<IntPtr, long>)F("git_commit_time"),
                    CommitTreeId = (delegate* unmanaged[Cdecl]<IntPtr, Oid*>)F("git_commit_tree_id"),
                    CommitParentCount = (delegate* unmanaged[Cdecl]<IntPtr, uint>)F("git_commit_parentcount"),
                    CommitParentId = (delegate* unmanaged[Cdecl]<IntPtr, uint, Oid*>)F("git_commit_parent_id"),
                    CommitFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("git_commit_free"),
                    TreeLookup = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, Oid*, int>)F("git_tree_lookup"),
                    TreeFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("git_tree_free"),
                    TreeEntryBypath = (delegate* unmanaged[Cdecl]<IntPtr*, IntPtr, IntPtr, int>)F("git_tree_entry_bypath"),
                    TreeEntryId = (delegate* unmanaged[Cdecl]<IntPtr, Oid*>)F("git_tree_entry_id"),
                    TreeEntryFree = (delegate* unmanaged[Cdecl]<IntPtr, void>)F("git_tree_entry_free"),
                };
            }
            catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException or BadImageFormatException)
            {
                UnavailableReason = ex.Message;
                return null; // fall back to the LibGit2Sharp walk
            }
        }
    }
}
