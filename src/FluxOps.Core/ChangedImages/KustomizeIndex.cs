using System.Collections.Concurrent;
using FluxOps.Core.Manifests;

namespace FluxOps.Core.ChangedImages;

/// <summary>What one render starts from: a folder, and the Flux Kustomization that applies it (null for a top-level kustomization).</summary>
internal sealed record KustomizeRoot(string Directory, FluxKustomizationRoot? Flux)
{
    public string Key => Flux is null ? Directory : $"{Directory}|{Flux.File}#{Flux.Name}";
}

/// <summary>
/// Parsed files shared by the Base and Head snapshots of one run, keyed by path and content, so unchanged files are read
/// once. Kustomization files of commits are also kept for the process (keyed by path and blob id, which no later run can
/// change): finding who includes a changed folder needs every kustomization file of the revision parsed.
/// </summary>
internal sealed class ManifestCache(int maxBytes)
{
    private const int MaxSharedKustomizations = 200_000;
    private static readonly ConcurrentDictionary<(string, Git.GitOid, int), KustomizationFile> SharedKustomizations = new();
    private readonly ConcurrentDictionary<(string, string), ManifestScanResult> _scans = new();
    private readonly ConcurrentDictionary<(string, string), KustomizationFile> _kustomizations = new();
    private readonly ConcurrentDictionary<(string, string), List<FluxKustomizationRoot>> _flux = new();

    public int MaxBytes { get; } = maxBytes;

    public ManifestScanResult Scan(RepositorySnapshot snapshot, string path)
    {
        var key = snapshot.ContentKey(path) ?? string.Empty;
        return _scans.GetOrAdd((path, key), _ =>
        {
            var read = snapshot.Read(path, MaxBytes);
            if (read.Content is null)
            {
                var result = new ManifestScanResult();
                result.Notices.Add(new ScanNotice(ScanNoticeLevel.Error, path, 0, read.Problem ?? "not readable"));
                return result;
            }

            return ManifestScanner.Scan(path, read.Content, MaxBytes);
        });
    }

    public KustomizationFile Kustomization(RepositorySnapshot snapshot, string path)
    {
        if (snapshot is not GitTreeSnapshot tree || tree.BlobId(path) is not { } blob)
        {
            return _kustomizations.GetOrAdd((path, snapshot.ContentKey(path) ?? string.Empty), _ => ParseKustomization(snapshot, path));
        }

        if (SharedKustomizations.Count > MaxSharedKustomizations)
        {
            SharedKustomizations.Clear();
        }

        return SharedKustomizations.GetOrAdd((path, blob, MaxBytes), _ => ParseKustomization(snapshot, path));
    }

    private KustomizationFile ParseKustomization(RepositorySnapshot snapshot, string path)
    {
        var read = snapshot.Read(path, MaxBytes);
        return read.Content is null
            ? new KustomizationFile(path, path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : string.Empty, [], [], [],
                [new ScanNotice(ScanNoticeLevel.Error, path, 0, read.Problem ?? "not readable")])
            : KustomizationFile.Parse(path, read.Content);
    }

    public List<FluxKustomizationRoot> Flux(RepositorySnapshot snapshot, string path) =>
        _flux.GetOrAdd((path, snapshot.ContentKey(path) ?? string.Empty), _ =>
            snapshot.Read(path, MaxBytes).Content is { } content ? FluxKustomizationRoot.Find(path, content) : []);
}

/// <summary>
/// The kustomization graph of one snapshot: which folders hold a kustomization file, who includes whom, and the Flux
/// Kustomizations that apply folders. Answers which roots render a given path (Flux Kustomization paths when any reach it,
/// else the top-level kustomizations above it), so only the roots a change touches are rendered.
/// </summary>
internal sealed class KustomizeIndex
{
    private readonly RepositorySnapshot _snapshot;
    private readonly ManifestCache _cache;
    private readonly KustomizeCatalog _catalog;
    private List<FluxKustomizationRoot>? _flux;

    public KustomizeIndex(RepositorySnapshot snapshot, ManifestCache cache)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        _snapshot = snapshot;
        _cache = cache;
        _catalog = snapshot.Catalog(cache);
    }

    public RepositorySnapshot Snapshot => _snapshot;

    public ManifestCache Cache => _cache;

    public bool IsKustomizationDirectory(string directory) => _catalog.Directories.ContainsKey(directory);

    /// <summary>The kustomization file of a folder, or null; more than one is Kustomize's own error, reported as such.</summary>
    public KustomizationFile? At(string directory, List<ScanNotice> notices)
    {
        if (!_catalog.Directories.TryGetValue(directory, out var files))
        {
            return null;
        }

        if (files.Count > 1)
        {
            notices.Add(new ScanNotice(ScanNoticeLevel.Error, files[0], 0,
                $"folder '{directory}' has more than one kustomization file ({string.Join(", ", files)}): kustomize build refuses it"));
        }

        return _cache.Kustomization(_snapshot, KustomizeCatalog.Preferred(files));
    }

    /// <summary>Every Flux Kustomization in the snapshot, in file order.</summary>
    public IReadOnlyList<FluxKustomizationRoot> FluxKustomizations => _flux ??= _catalog.FluxManifests.SelectMany(f => _snapshot.FluxDeclaredBy(f, _cache)).ToList();

    /// <summary>Kustomization folders whose resources, bases or components name <paramref name="target"/> (a file or folder).</summary>
    public IReadOnlyList<string> Referrers(string target) => _catalog.Referrers(target);

    /// <summary>The roots whose render may read <paramref name="path"/>; empty when no kustomization or Flux path reaches it.</summary>
    public List<KustomizeRoot> RootsFor(string path)
    {
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var target in Ancestors(path).Prepend(path))
        {
            if (target != path && IsKustomizationDirectory(target))
            {
                Enqueue(target);
            }

            foreach (var referrer in Referrers(target))
            {
                Enqueue(referrer);
            }
        }

        while (queue.Count > 0)
        {
            foreach (var referrer in Referrers(queue.Dequeue()))
            {
                Enqueue(referrer);
            }
        }

        // A Flux path applies a node directly, or is a plain folder above the path (Flux generates its kustomization).
        var flux = FluxKustomizations
            .Where(f => nodes.Contains(f.Path) || (!IsKustomizationDirectory(f.Path) && IsAncestorOrSelf(f.Path, path)))
            .Select(f => new KustomizeRoot(f.Path, f))
            .ToList();
        return flux.Count > 0 ? flux : nodes.Where(n => Referrers(n).Count == 0).Order(StringComparer.Ordinal).Select(n => new KustomizeRoot(n, null)).ToList();

        void Enqueue(string node)
        {
            if (nodes.Add(node))
            {
                queue.Enqueue(node);
            }
        }
    }

    /// <summary>Every root for -All: each Flux path that exists, and each top-level kustomization.</summary>
    public List<KustomizeRoot> AllRoots()
    {
        var roots = FluxKustomizations.Where(f => _snapshot.DirectoryExists(f.Path)).Select(f => new KustomizeRoot(f.Path, f)).ToList();
        roots.AddRange(_catalog.Directories.Keys.Where(d => Referrers(d).Count == 0).Order(StringComparer.Ordinal).Select(d => new KustomizeRoot(d, null)));
        return roots;
    }

    public static IEnumerable<string> Ancestors(string path)
    {
        for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
        {
            yield return path[..slash];
        }

        yield return string.Empty;
    }

    private static bool IsAncestorOrSelf(string directory, string path) =>
        directory.Length == 0 || path == directory || path.StartsWith(directory + "/", StringComparison.Ordinal);
}
