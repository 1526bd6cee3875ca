using System.Runtime.InteropServices;

namespace FluxOps.Core.Git;

/// <summary>
/// <c>git log [--since] [^hide] start [-- paths]</c> straight on libgit2: <see cref="RevisionWalk"/> over commits and
/// trees read through <see cref="LibGit2Native"/>. Per commit that costs one commit read and, with paths, a top-down
/// comparison of the parent's and the commit's trees that stops at the first equal subtree (as git's own pruned tree
/// diff does), so a commit that changed nothing near the paths costs two cached root-tree lookups.
/// </summary>
internal sealed unsafe class NativeHistoryWalker : IDisposable
{
    private readonly LibGit2Native _api;
    private readonly HashSet<GitOid> _shallow;
    private IntPtr _repository;
    private IntPtr _odb;

    private NativeHistoryWalker(LibGit2Native api, IntPtr repository, IntPtr odb, HashSet<GitOid> shallow)
    {
        _api = api;
        _repository = repository;
        _odb = odb;
        _shallow = shallow;
    }

    /// <summary>Why the native walker is not available (diagnostics; the same walk runs over LibGit2Sharp instead).</summary>
    internal static string? UnavailableReason { get; private set; }

    /// <summary>Commits read by walks on this walker: a lazy walk that stops early reads few.</summary>
    public int CommitsRead { get; private set; }

    /// <summary>Opens the repository for native walking; null when the native entry points cannot be found.</summary>
    public static NativeHistoryWalker? Open(string gitDirectory)
    {
        var api = LibGit2Native.Instance;
        if (api is null)
        {
            UnavailableReason = LibGit2Native.UnavailableReason;
            return null;
        }

        IntPtr repository, odb;
        var path = Marshal.StringToCoTaskMemUTF8(gitDirectory);
        try
        {
            if (api.RepositoryOpen(&repository, path) != 0)
            {
                UnavailableReason = "git_repository_open failed for " + gitDirectory + ": " + api.LastError();
                return null;
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(path);
        }

        if (api.RepositoryOdb(&odb, repository) != 0)
        {
            UnavailableReason = "git_repository_odb failed for " + gitDirectory + ": " + api.LastError();
            api.RepositoryFree(repository);
            return null;
        }

        return new NativeHistoryWalker(api, repository, odb, ShallowBoundary(gitDirectory));
    }

    /// <summary>
    /// Shas as <c>git log --format=%H [--since=@since] [^hide] start -- paths</c> prints them (all commits when
    /// <paramref name="paths"/> is empty), yielded as found.
    /// </summary>
    public IEnumerable<string> Log(string start, string? hide, long? sinceUnixSeconds, IReadOnlyList<string> paths, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_repository == IntPtr.Zero, this);
        var source = new Source(this, new PathFilter(paths));
        try
        {
            foreach (var id in RevisionWalk.Log(source, GitOid.Parse(start), hide is null ? null : GitOid.Parse(hide), sinceUnixSeconds, cancellationToken))
            {
                yield return id.ToString();
            }
        }
        finally
        {
            source.Dispose();
        }
    }

    public void Dispose()
    {
        if (_repository != IntPtr.Zero)
        {
            _api.OdbFree(_odb);
            _api.RepositoryFree(_repository);
            (_odb, _repository) = (IntPtr.Zero, IntPtr.Zero);
        }
    }

    /// <summary>A shallow clone's cut-off commits (.git/shallow): git treats them as having no parents, and so does the walk.</summary>
    private static HashSet<GitOid> ShallowBoundary(string gitDirectory)
    {
        var file = Path.Combine(gitDirectory, "shallow");
        return File.Exists(file)
            ? File.ReadLines(file).Select(line => line.Trim()).Where(line => line.Length == 40).Select(GitOid.Parse).ToHashSet()
            : [];
    }

    private GitOperationException Unreadable(GitOid id, string what) => new("HistoryUnreadable", FailureKind.InvalidOperation,
        $"Could not read {what} {id} while walking history: {_api.LastError()}", id.ToString());

    /// <summary>The walk's view of the repository; owns the UTF-8 copies of the path components.</summary>
    private sealed class Source : ICommitSource, IDisposable
    {
        private readonly NativeHistoryWalker _owner;
        private readonly IntPtr[][] _paths;

        public Source(NativeHistoryWalker owner, PathFilter paths)
        {
            _owner = owner;
            _paths = paths.Paths.Select(p => p.Split('/').Select(Marshal.StringToCoTaskMemUTF8).ToArray()).ToArray();
        }

        public bool HasPaths => _paths.Length > 0;

        public int CommitsRead => _owner.CommitsRead;

        /// <summary>The raw object straight from the object database: git_commit_lookup would also parse signatures and message.</summary>
        public bool TryRead(GitOid id, out CommitHeader header)
        {
            var api = _owner._api;
            IntPtr raw;
            var code = api.OdbRead(&raw, _owner._odb, &id);
            if (code == LibGit2Native.NotFound)
            {
                header = default;
                return false;
            }

            if (code < 0)
            {
                throw _owner.Unreadable(id, "commit");
            }

            try
            {
                _owner.CommitsRead++;
                var data = new ReadOnlySpan<byte>(api.OdbObjectData(raw), checked((int)api.OdbObjectSize(raw)));
                if (api.OdbObjectType(raw) != LibGit2Native.CommitType || !CommitHeaderParser.TryParse(data, out header))
                {
                    throw new GitOperationException("HistoryUnreadable", FailureKind.InvalidOperation,
                        $"Object {id} is not a well-formed commit, so history cannot be walked past it.", id.ToString());
                }

                if (_owner._shallow.Contains(id))
                {
                    header = header with { Parents = [] };
                }

                return true;
            }
            finally
            {
                api.OdbObjectFree(raw);
            }
        }

        public bool SameUnderPaths(GitOid? before, GitOid after)
        {
            foreach (var components in _paths)
            {
                if (!SameAt(before, after, components))
                {
                    return false;
                }
            }

            return true;
        }

        public void Dispose()
        {
            foreach (var component in _paths.SelectMany(p => p))
            {
                Marshal.FreeCoTaskMem(component);
            }
        }

        /// <summary>Descends both trees one path component at a time; equal entries (id and mode) end the comparison.</summary>
        private bool SameAt(GitOid? before, GitOid after, IntPtr[] components)
        {
            var old = before is { } tree ? new Entry(tree, LibGit2Native.TreeMode) : default;
            var current = new Entry(after, LibGit2Native.TreeMode);
            foreach (var name in components)
            {
                if (old == current)
                {
                    return true;
                }

                old = old.IsTree ? Child(old.Id, name) : default;
                current = current.IsTree ? Child(current.Id, name) : default;
            }

            return old == current;
        }

        private Entry Child(GitOid treeId, IntPtr name)
        {
            var api = _owner._api;
            IntPtr tree;
            if (api.TreeLookup(&tree, _owner._repository, &treeId) < 0)
            {
                throw _owner.Unreadable(treeId, "tree");
            }

            try
            {
                var entry = api.TreeEntryByName(tree, name);
                return entry == IntPtr.Zero ? default : new Entry(*api.TreeEntryId(entry), api.TreeEntryFileMode(entry));
            }
            finally
            {
                api.TreeFree(tree);
            }
        }
    }

    /// <summary>A tree entry's id and file mode; mode 0 is "no such entry".</summary>
    private readonly record struct Entry(GitOid Id, uint Mode)
    {
        public bool IsTree => Mode == LibGit2Native.TreeMode;
    }
}
