using System.Collections.Concurrent;
using LibGit2Sharp;

namespace FluxOps.Core.ChangedImages;

/// <summary>The outcome of reading one file: its bytes, or why it could not be read (too large, a device, outside the repository).</summary>
internal readonly record struct SnapshotRead(byte[]? Content, string? Problem);

/// <summary>
/// The files of the repository as one revision has them (a commit's tree, or the working tree), addressed by
/// repository-relative paths with forward slashes. Listing is by path only; content is read on demand and cached.
/// </summary>
internal abstract class RepositorySnapshot
{
    private readonly ConcurrentDictionary<string, SnapshotRead> _reads = new(StringComparer.Ordinal);
    private HashSet<string>? _directories;

    /// <summary>Every file path, sorted ordinally.</summary>
    public abstract IReadOnlyList<string> Files { get; }

    public abstract bool FileExists(string path);

    /// <summary>A stable identity of the file's content (a blob id, or the path and time written), for caches; null when absent.</summary>
    public abstract string? ContentKey(string path);

    public bool DirectoryExists(string path) => path.Length == 0 || Directories().Contains(path);

    public SnapshotRead Read(string path, int maxBytes) => _reads.GetOrAdd(path, p => ReadCore(p, maxBytes));

    /// <summary>Files at or below <paramref name="directory"/> ("" = everything).</summary>
    public IEnumerable<string> FilesUnder(string directory)
    {
        var files = Files;
        if (directory.Length == 0)
        {
            return files;
        }

        var prefix = directory + "/";
        var start = LowerBound(files, prefix);
        return files.Skip(start).TakeWhile(f => f.StartsWith(prefix, StringComparison.Ordinal));
    }

    protected abstract SnapshotRead ReadCore(string path, int maxBytes);

    private HashSet<string> Directories()
    {
        if (_directories is null)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Files)
            {
                for (var slash = file.LastIndexOf('/'); slash > 0 && set.Add(file[..slash]); slash = file.LastIndexOf('/', slash - 1))
                {
                }
            }

            _directories = set;
        }

        return _directories;
    }

    private static int LowerBound(IReadOnlyList<string> sorted, string value)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (string.CompareOrdinal(sorted[mid], value) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}

/// <summary>A commit's tree: regular files only (symbolic links and submodules are not manifests Flux reads).</summary>
internal sealed class GitTreeSnapshot : RepositorySnapshot
{
    private readonly Repository _repository;
    private readonly Dictionary<string, ObjectId> _blobs;
    private readonly List<string> _files;
    private readonly object _gate = new();

    public GitTreeSnapshot(Repository repository, Tree tree)
    {
        _repository = repository;
        _blobs = new Dictionary<string, ObjectId>(StringComparer.Ordinal);
        var folders = new Stack<(Tree Tree, string Prefix)>();
        folders.Push((tree, string.Empty));
        while (folders.Count > 0)
        {
            var (current, prefix) = folders.Pop();
            foreach (var entry in current)
            {
                if (entry.TargetType == TreeEntryTargetType.Tree)
                {
                    folders.Push(((Tree)entry.Target, prefix + entry.Name + "/"));
                }
                else if (entry.TargetType == TreeEntryTargetType.Blob && entry.Mode is Mode.NonExecutableFile or Mode.ExecutableFile or Mode.NonExecutableGroupWritableFile)
                {
                    _blobs[prefix + entry.Name] = entry.Target.Id;
                }
            }
        }

        _files = [.. _blobs.Keys];
        _files.Sort(StringComparer.Ordinal);
    }

    public override IReadOnlyList<string> Files => _files;

    public override bool FileExists(string path) => _blobs.ContainsKey(path);

    public override string? ContentKey(string path) => _blobs.TryGetValue(path, out var id) ? id.Sha : null;

    protected override SnapshotRead ReadCore(string path, int maxBytes)
    {
        if (!_blobs.TryGetValue(path, out var id))
        {
            return new SnapshotRead(null, "not in this revision");
        }

        // libgit2 objects are not shared between threads.
        lock (_gate)
        {
            var size = _repository.ObjectDatabase.RetrieveObjectMetadata(id).Size;
            if (size > maxBytes)
            {
                return new SnapshotRead(null, $"file is {size:N0} bytes, above the {maxBytes:N0}-byte cap for manifests; not read, so its images cannot be checked");
            }

            var blob = _repository.Lookup<Blob>(id);
            using var stream = blob.GetContentStream();
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return new SnapshotRead(bytes, null);
        }
    }
}
