using System.Text;

namespace FluxOps.Core.Git;

/// <summary>
/// The history walk's view of a repository through libgit2's object database: raw commits with only their header
/// parsed, raw trees scanned for one name at a time. Two trees are compared top-down along each filter path and the
/// comparison stops at the first equal entry (as git's own pruned tree diff does), so a commit that changed nothing near
/// the paths costs its own root tree read (its parent's was read one step earlier and is in libgit2's cache).
/// </summary>
internal sealed unsafe class NativeCommitSource : ICommitSource
{
    private const int TreeType = 2; // GIT_OBJECT_TREE
    private const int RememberedChildren = 4096;
    private readonly NativeHistoryWalker _walker;
    private readonly byte[][][] _paths;

    // A commit's trees are compared twice: against its child's (as the parent) and then against its own parent's.
    private readonly Dictionary<(GitOid Tree, byte[] Name), (GitOid Id, uint Mode)> _children = [];

    public NativeCommitSource(NativeHistoryWalker walker, PathFilter paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _walker = walker;
        _paths = paths.Paths.Select(p => p.Split('/').Select(Encoding.UTF8.GetBytes).ToArray()).ToArray();
    }

    public bool HasPaths => _paths.Length > 0;

    public int CommitsRead => _walker.CommitsRead;

    /// <summary>The raw object from the object database: git_commit_lookup would also parse signatures and message.</summary>
    public bool TryRead(GitOid id, out CommitHeader header)
    {
        header = default;
        if (!TryReadRaw(id, LibGit2Native.CommitType, out var raw))
        {
            return false;
        }

        using (raw)
        {
            _walker.CommitsRead++;
            if (!CommitHeaderParser.TryParse(raw.Data, out header))
            {
                throw new GitOperationException("HistoryUnreadable", FailureKind.InvalidOperation,
                    $"Object {id} is not a well-formed commit, so history cannot be walked past it.", id.ToString());
            }
        }

        if (_walker.Shallow.Contains(id))
        {
            header = header with { Parents = [] };
        }

        return true;
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

    /// <summary>
    /// Every file the commit changed against its first parent (all of them for a root), renames as a deletion and an
    /// addition, in path order. Subtrees with equal ids are never opened.
    /// </summary>
    public List<string> ChangedFiles(GitOid commit)
    {
        if (!TryRead(commit, out var header))
        {
            throw Missing(commit);
        }

        GitOid? parentTree = null;
        if (header.Parents.Length > 0)
        {
            parentTree = TryRead(header.Parents[0], out var parent) ? parent.Tree : throw Missing(header.Parents[0]);
        }

        var files = new List<string>();
        Diff(parentTree, header.Tree, string.Empty, files);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private void Diff(GitOid? oldTree, GitOid? newTree, string prefix, List<string> files)
    {
        var before = (oldTree is { } o ? Entries(o) : []).ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var after in newTree is { } n ? Entries(n) : [])
        {
            before.Remove(after.Name, out var old);
            if (old != after)
            {
                Changed(old.Mode == 0 ? null : old, after, prefix, files);
            }
        }

        foreach (var old in before.Values)
        {
            Changed(old, null, prefix, files);
        }
    }

    private void Changed(RawTreeEntry? before, RawTreeEntry? after, string prefix, List<string> files)
    {
        var path = prefix + (after ?? before)!.Value.Name;
        if (before is { IsTree: false } || after is { IsTree: false })
        {
            files.Add(path); // a file (or link, or submodule) appeared, went, or changed at this path
        }

        if (before is { IsTree: true } || after is { IsTree: true })
        {
            Diff(before is { IsTree: true } b ? b.Id : null, after is { IsTree: true } a ? a.Id : null, path + "/", files);
        }
    }

    /// <summary>Descends both trees one path component at a time; equal entries (id and mode) end the comparison.</summary>
    private bool SameAt(GitOid? before, GitOid after, byte[][] components)
    {
        var old = before is { } tree ? (Id: tree, Mode: TreeEntryParser.TreeMode) : default;
        var current = (Id: after, Mode: TreeEntryParser.TreeMode);
        foreach (var name in components)
        {
            if (old == current)
            {
                return true;
            }

            old = old.Mode == TreeEntryParser.TreeMode ? Child(old.Id, name) : default;
            current = current.Mode == TreeEntryParser.TreeMode ? Child(current.Id, name) : default;
        }

        return old == current;
    }

    private (GitOid Id, uint Mode) Child(GitOid treeId, byte[] name)
    {
        if (_children.TryGetValue((treeId, name), out var known))
        {
            return known;
        }

        if (!TryReadRaw(treeId, TreeType, out var raw))
        {
            throw Missing(treeId);
        }

        using (raw)
        {
            var child = TreeEntryParser.TryFind(raw.Data, name, out var id, out var mode) ? (id, mode) : default;
            if (_children.Count >= RememberedChildren)
            {
                _children.Clear(); // only the last step's trees are asked for again
            }

            _children[(treeId, name)] = child;
            return child;
        }
    }

    private List<RawTreeEntry> Entries(GitOid treeId)
    {
        if (!TryReadRaw(treeId, TreeType, out var raw))
        {
            throw Missing(treeId);
        }

        using (raw)
        {
            return TreeEntryParser.Entries(raw.Data);
        }
    }

    private bool TryReadRaw(GitOid id, int type, out RawObject raw)
    {
        var api = _walker.Api;
        IntPtr handle;
        var code = api.OdbRead(&handle, _walker.Odb, &id);
        raw = new RawObject(api, handle);
        if (code == LibGit2Native.NotFound)
        {
            return false;
        }

        if (code < 0)
        {
            throw _walker.Unreadable(id, type == TreeType ? "tree" : "commit");
        }

        if (api.OdbObjectType(handle) != type)
        {
            raw.Dispose();
            throw new GitOperationException("HistoryUnreadable", FailureKind.InvalidOperation,
                $"Object {id} is not the {(type == TreeType ? "tree" : "commit")} the history names.", id.ToString());
        }

        return true;
    }

    private static GitOperationException Missing(GitOid id) => new("HistoryIncomplete", FailureKind.ObjectNotFound,
        $"Object {id} is not in the repository, so its history cannot be read. Fetch the missing history (git fetch), or check that the clone is not damaged.",
        id.ToString());

    /// <summary>One object read from the object database, freed on Dispose.</summary>
    private readonly ref struct RawObject(LibGit2Native api, IntPtr handle)
    {
        public ReadOnlySpan<byte> Data => new(api.OdbObjectData(handle), checked((int)api.OdbObjectSize(handle)));

        public void Dispose() => api.OdbObjectFree(handle);
    }
}
