using System.Collections.Concurrent;
using FluxOps.Core.Flux;
using FluxOps.Core.Hosting;

namespace FluxOps.Core.Rollback;

/// <summary>
/// A commit's tree read through a hosting service's API for <see cref="FluxManifestIndex"/>: one listing of the tree,
/// then only the YAML files the index asks for, each read once per blob id for the life of the
/// <see cref="RestBlobCache"/> (a receiver re-reads only files that changed).
/// </summary>
internal sealed class RestManifestTree(IHostedGitApi api, string commitSha, RestBlobCache cache, CancellationToken cancellationToken) : IManifestTree
{
    private IReadOnlyList<RestTreeEntry>? _entries;

    private IReadOnlyList<RestTreeEntry> Entries => _entries ??= api.ListTree(commitSha, cancellationToken);

    public IEnumerable<ManifestFile> YamlFiles() =>
        Entries.Where(e => ManifestTreeRules.IsYaml(e.Path) && ManifestTreeRules.Searched(e.Path) && e.Mode != "120000")
            .Select(e => new ManifestFile(e.Path, null, () => cache.Read(e.BlobId, () => api.ReadFile(commitSha, e.Path, cancellationToken) ?? [])));

    public IEnumerable<string> FilesIn(string directory) =>
        Entries.Select(e => e.Path).Where(p => (p.LastIndexOf('/') is var slash && slash < 0 ? string.Empty : p[..slash]) == directory);
}

/// <summary>File contents by blob id (content-addressed, so never stale), bounded in total size.</summary>
internal sealed class RestBlobCache
{
    private const long MaxBytes = 64L * 1024 * 1024;
    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private long _bytes;

    public byte[] Read(string blobId, Func<byte[]> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (_blobs.TryGetValue(blobId, out var known))
        {
            return known;
        }

        var bytes = load();
        if (Interlocked.Add(ref _bytes, bytes.Length) > MaxBytes)
        {
            _blobs.Clear();
            Interlocked.Exchange(ref _bytes, bytes.Length);
        }

        _blobs[blobId] = bytes;
        return bytes;
    }
}
