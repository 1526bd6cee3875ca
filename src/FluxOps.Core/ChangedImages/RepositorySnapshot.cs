using System.Collections.Concurrent;
using FluxOps.Core.Manifests;

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

    public virtual bool DirectoryExists(string path) => path.Length == 0 || Directories().Contains(path);

    /// <summary>
    /// The kustomization graph of the revision: every file listed, kustomization files found by name and parsed, and
    /// every manifest searched for a Flux Kustomization (files that mention its API group are parsed).
    /// </summary>
    public virtual KustomizeCatalog Catalog(ManifestCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var flux = Files.Where(ManifestFileRules.IsManifestPath).AsParallel().AsOrdered().Where(f => cache.Flux(this, f).Count > 0).ToList();
        return KustomizeCatalog.Build(Files.Where(ManifestFileRules.IsKustomizationFile), flux, f => cache.Kustomization(this, f));
    }

    /// <summary>The Flux Kustomizations one manifest declares.</summary>
    public virtual IEnumerable<FluxKustomizationRoot> FluxDeclaredBy(string path, ManifestCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return cache.Flux(this, path);
    }

    public SnapshotRead Read(string path, int maxBytes) => _reads.GetOrAdd(path, p => ReadCore(p, maxBytes));

    /// <summary>Files at or below <paramref name="directory"/> ("" = everything).</summary>
    public virtual IEnumerable<string> FilesUnder(string directory)
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
