using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// Raw trees and blobs of one repository, read straight from libgit2's object database: no LibGit2Sharp objects per
/// entry, and safe from several threads at once (libgit2's git_odb locks internally), so a whole tree can be listed and
/// its blobs read in parallel. Where the native entry points cannot be bound, the same reads go through LibGit2Sharp,
/// one at a time.
/// </summary>
internal sealed unsafe class GitObjectReader : IDisposable
{
    private const int TreeType = 2; // GIT_OBJECT_TREE
    private const int BlobType = 3; // GIT_OBJECT_BLOB
    private readonly Repository _repository;
    private readonly NativeHistoryWalker? _native;
    private readonly object _managedGate = new();

    private GitObjectReader(Repository repository, NativeHistoryWalker? native)
    {
        _repository = repository;
        _native = native;
    }

    /// <summary>Reads through <paramref name="repository"/>'s own libgit2 handle (borrowed until Dispose).</summary>
    public static GitObjectReader Open(Repository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return new GitObjectReader(repository, NativeHistoryWalker.Open(repository));
    }

    /// <summary>A reader that never binds libgit2 directly (tests compare both paths).</summary>
    internal static GitObjectReader Managed(Repository repository) => new(repository, null);

    public bool IsNative => _native is not null;

    /// <summary>The repository's git directory: which repository the objects come from.</summary>
    public string GitDirectory => _repository.Info.Path;

    /// <summary>The entries of tree <paramref name="id"/>, modes canonical as git compares them.</summary>
    public List<RawTreeEntry> Tree(GitOid id)
    {
        if (_native is { } native)
        {
            IntPtr handle = Read(native, id, TreeType, "tree");
            try
            {
                return TreeEntryParser.Entries(new ReadOnlySpan<byte>(native.Api.OdbObjectData(handle), checked((int)native.Api.OdbObjectSize(handle))));
            }
            finally
            {
                native.Api.OdbObjectFree(handle);
            }
        }

        lock (_managedGate)
        {
            var tree = _repository.Lookup<Tree>(new ObjectId(id.ToBytes())) ?? throw Missing(id, "tree");
            return tree.Select(e => new RawTreeEntry(e.Name, GitOid.FromBytes(e.Target.Id.RawId), TreeEntryParser.Canonical((uint)e.Mode))).ToList();
        }
    }

    /// <summary>The size of blob <paramref name="id"/> in bytes, without inflating it.</summary>
    public long Size(GitOid id)
    {
        if (_native is { } native)
        {
            nuint length;
            int type;
            if (native.Api.OdbReadHeader(&length, &type, native.Odb, &id) < 0)
            {
                throw Missing(id, "blob");
            }

            return (long)length;
        }

        lock (_managedGate)
        {
            return _repository.ObjectDatabase.RetrieveObjectMetadata(new ObjectId(id.ToBytes())).Size;
        }
    }

    /// <summary>The content of blob <paramref name="id"/>; callers check <see cref="Size"/> first when it may be large.</summary>
    public byte[] Blob(GitOid id)
    {
        if (_native is { } native)
        {
            IntPtr handle = Read(native, id, BlobType, "blob");
            try
            {
                return new ReadOnlySpan<byte>(native.Api.OdbObjectData(handle), checked((int)native.Api.OdbObjectSize(handle))).ToArray();
            }
            finally
            {
                native.Api.OdbObjectFree(handle);
            }
        }

        lock (_managedGate)
        {
            var blob = _repository.Lookup<Blob>(new ObjectId(id.ToBytes())) ?? throw Missing(id, "blob");
            using var stream = blob.GetContentStream();
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
    }

    public void Dispose() => _native?.Dispose();

    private static IntPtr Read(NativeHistoryWalker native, GitOid id, int type, string what)
    {
        IntPtr handle;
        if (native.Api.OdbRead(&handle, native.Odb, &id) < 0)
        {
            throw Missing(id, what);
        }

        if (native.Api.OdbObjectType(handle) != type)
        {
            native.Api.OdbObjectFree(handle);
            throw new GitOperationException("ObjectUnreadable", FailureKind.InvalidOperation, $"Object {id} is not the {what} its tree names.", id.ToString());
        }

        return handle;
    }

    private static GitOperationException Missing(GitOid id, string what) => new("ObjectMissing", FailureKind.ObjectNotFound,
        $"The {what} {id} is not in the repository: fetch the missing objects (git fetch), or check that the clone is not damaged.", id.ToString());
}
