using System.Collections.Concurrent;
using FluxOps.Core.Manifests;

namespace FluxOps.Core.ChangedImages;

/// <summary>What one render starts from: a folder, and the Flux Kustomization that applies it (null for a top-level kustomization).</summary>
internal sealed record KustomizeRoot(string Directory, FluxKustomizationRoot? Flux)
{
    public string Key => Flux is null ? Directory : $"{Directory}|{Flux.File}#{Flux.Name}";
}

/// <summary>Parsed files shared by the Base and Head snapshots of one run, keyed by path and content, so unchanged files are read once.</summary>
internal sealed class ManifestCache(int maxBytes)
{
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

    public KustomizationFile Kustomization(RepositorySnapshot snapshot, string path) =>
        _kustomizations.GetOrAdd((path, snapshot.ContentKey(path) ?? string.Empty), _ =>
        {
            var read = snapshot.Read(path, MaxBytes);
            return read.Content is null
                ? new KustomizationFile(path, path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : string.Empty, [], [], [],
                    [new ScanNotice(ScanNoticeLevel.Error, path, 0, read.Problem ?? "not readable")])
                : KustomizationFile.Parse(path, read.Content);
        });

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
    private readonly Dictionary<string, List<string>> _kustomizationFiles = new(StringComparer.Ordinal);
    private Dictionary<string, List<string>>? _referrers;
    private List<FluxKustomizationRoot>? _flux;

    public KustomizeIndex(RepositorySnapshot snapshot, ManifestCache cache)
    {
        _snapshot = snapshot;
        _cache = cache;
        foreach (var file in snapshot.Files)
        {
            var slash = file.LastIndexOf('/');
            var name = slash < 0 ? file : file[(slash + 1)..];
            if (Array.IndexOf(KustomizationFile.FileNames, name) >= 0)
            {
                var directory = slash < 0 ? string.Empty : file[..slash];
                if (!_kustomizationFiles.TryGetValue(directory, out var names))
                {
                    _kustomizationFiles[directory] = names = [];
                }

                names.Add(file);
            }
        }
    }

    public RepositorySnapshot Snapshot => _snapshot;

    public ManifestCache Cache => _cache;

    public IEnumerable<string> KustomizationDirectories => _kustomizationFiles.Keys;

    public bool IsKustomizationDirectory(string directory) => _kustomizationFiles.ContainsKey(directory);

    /// <summary>The kustomization file of a folder, or null; more than one is Kustomize's own error, reported as such.</summary>
    public KustomizationFile? At(string directory, List<ScanNotice> notices)
    {
        if (!_kustomizationFiles.TryGetValue(directory, out var files))
        {
            return null;
        }

        if (files.Count > 1)
        {
            notices.Add(new ScanNotice(ScanNoticeLevel.Error, files[0], 0,
                $"folder '{directory}' has more than one kustomization file ({string.Join(", ", files)}): kustomize build refuses it"));
        }

        return _cache.Kustomization(_snapshot, files.OrderBy(f => Array.IndexOf(KustomizationFile.FileNames, f[(f.LastIndexOf('/') + 1)..])).First());
    }

    /// <summary>Every Flux Kustomization in the snapshot (files that mention its API group are parsed).</summary>
    public IReadOnlyList<FluxKustomizationRoot> FluxKustomizations
    {
        get
        {
            _flux ??= _snapshot.Files.Where(ManifestFileRules.IsManifestPath).AsParallel().AsOrdered()
                .SelectMany(f => _cache.Flux(_snapshot, f)).ToList();
            return _flux;
        }
    }

    /// <summary>Kustomization folders whose resources, bases or components name <paramref name="target"/> (a file or folder).</summary>
    public IReadOnlyList<string> Referrers(string target)
    {
        if (_referrers is null)
        {
            var map = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var parsed = _kustomizationFiles.Keys.AsParallel().Select(d => (Directory: d, File: At(d, []))).ToList();
            foreach (var (directory, file) in parsed)
            {
                foreach (var reference in file!.Resources.Concat(file.Components))
                {
                    if (!KustomizationFile.IsRemote(reference.Entry) && KustomizationFile.Resolve(directory, reference.Entry) is { } resolved)
                    {
                        if (!map.TryGetValue(resolved, out var list))
                        {
                            map[resolved] = list = [];
                        }

                        list.Add(directory);
                    }
                }
            }

            _referrers = map;
        }

        return _referrers.TryGetValue(target, out var referrers) ? referrers : [];
    }

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
        roots.AddRange(_kustomizationFiles.Keys.Where(d => Referrers(d).Count == 0).Order(StringComparer.Ordinal).Select(d => new KustomizeRoot(d, null)));
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
