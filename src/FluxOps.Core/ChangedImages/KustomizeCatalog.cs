namespace FluxOps.Core.ChangedImages;

/// <summary>
/// The kustomization graph of one revision, before anything is rendered: which folders hold which kustomization files,
/// who includes a path (the inverse of every kustomization's resources, bases and components), and which manifests
/// declare Flux Kustomizations. A commit's catalog is derived from an earlier one by the kustomization files and Flux
/// manifests that differ between the two trees (<see cref="TreeSummary.Differences"/>), so after the first run its cost
/// follows the change; lists are never changed in place, so a derived catalog shares everything the change left alone.
/// </summary>
internal sealed class KustomizeCatalog
{
    private readonly Dictionary<string, List<string>> _directories;
    private readonly Dictionary<string, IReadOnlyList<string>> _targets;
    private readonly Dictionary<string, List<string>> _referrers;
    private readonly SortedSet<string> _fluxManifests;

    private KustomizeCatalog(Dictionary<string, List<string>> directories, Dictionary<string, IReadOnlyList<string>> targets,
        Dictionary<string, List<string>> referrers, SortedSet<string> fluxManifests)
    {
        _directories = directories;
        _targets = targets;
        _referrers = referrers;
        _fluxManifests = fluxManifests;
    }

    /// <summary>Folder -> the kustomization files in it (more than one is Kustomize's own error).</summary>
    public IReadOnlyDictionary<string, List<string>> Directories => _directories;

    /// <summary>Paths of the manifests that declare at least one Flux Kustomization, sorted ordinally.</summary>
    public IEnumerable<string> FluxManifests => _fluxManifests;

    /// <summary>Every included path with the folders that include it.</summary>
    public IEnumerable<KeyValuePair<string, List<string>>> ReferrerMap => _referrers;

    /// <summary>Kustomization folders whose resources, bases or components name <paramref name="target"/> (a file or folder).</summary>
    public IReadOnlyList<string> Referrers(string target) => _referrers.TryGetValue(target, out var list) ? list : [];

    /// <param name="parse">Reads one kustomization file (called on several threads at once).</param>
    public static KustomizeCatalog Build(IEnumerable<string> kustomizationFiles, IEnumerable<string> fluxManifests, Func<string, KustomizationFile> parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var catalog = new KustomizeCatalog(new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal),
            new SortedSet<string>(fluxManifests, StringComparer.Ordinal));
        var files = kustomizationFiles.ToList();
        var parsed = files.Count > 16 ? files.AsParallel().AsOrdered().Select(parse).ToList() : files.Select(parse).ToList();
        for (var i = 0; i < files.Count; i++)
        {
            catalog._targets[files[i]] = parsed[i].LocalTargets;
            var directory = KustomizationFile.DirectoryOf(files[i]);
            catalog._directories[directory] = [.. catalog._directories.GetValueOrDefault(directory) ?? [], files[i]];
        }

        foreach (var directory in catalog._directories.Keys)
        {
            catalog.Include(directory, add: true);
        }

        return catalog;
    }

    /// <summary>
    /// This catalog changed by the files that differ: <paramref name="removed"/> and <paramref name="added"/> are
    /// kustomization file paths (a modified file is in both), <paramref name="fluxRemoved"/>/<paramref name="fluxAdded"/>
    /// manifests that declare Flux Kustomizations.
    /// </summary>
    public KustomizeCatalog Derive(IReadOnlyCollection<string> removed, IReadOnlyCollection<string> added, IEnumerable<string> fluxRemoved,
        IEnumerable<string> fluxAdded, Func<string, KustomizationFile> parse)
    {
        ArgumentNullException.ThrowIfNull(removed);
        ArgumentNullException.ThrowIfNull(added);
        ArgumentNullException.ThrowIfNull(parse);
        var flux = new SortedSet<string>(_fluxManifests, StringComparer.Ordinal);
        flux.ExceptWith(fluxRemoved);
        flux.UnionWith(fluxAdded);
        var catalog = new KustomizeCatalog(new(_directories, StringComparer.Ordinal), new(_targets, StringComparer.Ordinal),
            new(_referrers, StringComparer.Ordinal), flux);
        var touched = removed.Concat(added).Select(KustomizationFile.DirectoryOf).ToHashSet(StringComparer.Ordinal);
        foreach (var directory in touched)
        {
            catalog.Include(directory, add: false);
        }

        foreach (var file in removed)
        {
            catalog._targets.Remove(file);
            var directory = KustomizationFile.DirectoryOf(file);
            var left = catalog._directories.GetValueOrDefault(directory)?.Where(f => f != file).ToList() ?? [];
            if (left.Count == 0)
            {
                catalog._directories.Remove(directory);
            }
            else
            {
                catalog._directories[directory] = left;
            }
        }

        foreach (var file in added)
        {
            catalog._targets[file] = parse(file).LocalTargets;
            var directory = KustomizationFile.DirectoryOf(file);
            catalog._directories[directory] = [.. catalog._directories.GetValueOrDefault(directory) ?? [], file];
        }

        foreach (var directory in touched.Where(catalog._directories.ContainsKey))
        {
            catalog.Include(directory, add: true);
        }

        return catalog;
    }

    /// <summary>The file Kustomize reads in a folder holding more than one: the first of its file names.</summary>
    public static string Preferred(List<string> files) =>
        files.Count == 1 ? files[0] : files.OrderBy(f => Array.IndexOf(KustomizationFile.FileNames, f[(f.LastIndexOf('/') + 1)..])).First();

    // Adds or removes what a folder's kustomization includes to or from the inverse map; lists are replaced, never edited.
    private void Include(string directory, bool add)
    {
        if (!_directories.TryGetValue(directory, out var files))
        {
            return;
        }

        foreach (var target in _targets[Preferred(files)])
        {
            var list = _referrers.GetValueOrDefault(target) ?? [];
            var changed = add ? [.. list, directory] : list.Where(d => d != directory).ToList();
            if (changed.Count == 0)
            {
                _referrers.Remove(target);
            }
            else
            {
                _referrers[target] = changed;
            }
        }
    }
}

/// <summary>
/// The catalogs of the last few commit trees, kept for the process: a tree seen before answers at once, and a new one is
/// derived from the most recent one of the same repository by what differs between their summaries.
/// </summary>
internal static class KustomizeCatalogs
{
    private const int Kept = 8;
    private static readonly object Gate = new();
    private static readonly LinkedList<(Git.GitOid Tree, int MaxBytes, string Repository, TreeSummary Summary, KustomizeCatalog Catalog)> Recent = new();

    /// <param name="repository">Where the tree comes from (its git directory): catalogs are derived only within one repository.</param>
    public static KustomizeCatalog For(Git.GitOid tree, int maxBytes, string repository, TreeSummary summary, Func<string, KustomizationFile> parse)
    {
        ArgumentNullException.ThrowIfNull(summary);
        (Git.GitOid Tree, int MaxBytes, string Repository, TreeSummary Summary, KustomizeCatalog Catalog)? source = null;
        lock (Gate)
        {
            for (var node = Recent.First; node is not null; node = node.Next)
            {
                if (node.Value.Tree == tree && node.Value.MaxBytes == maxBytes)
                {
                    Recent.Remove(node);
                    Recent.AddFirst(node);
                    return node.Value.Catalog;
                }

                source ??= node.Value.MaxBytes == maxBytes && node.Value.Repository == repository ? node.Value : null;
            }
        }

        KustomizeCatalog catalog;
        if (source is { } known)
        {
            var differences = new SummaryDifferences();
            TreeSummary.Differences(known.Summary, summary, string.Empty, differences);
            catalog = known.Catalog.Derive(differences.KustomizationsRemoved, differences.KustomizationsAdded, differences.FluxRemoved, differences.FluxAdded, parse);
        }
        else
        {
            var kustomizations = new List<(string Path, Git.GitOid Blob)>();
            var flux = new List<(string Path, Git.GitOid Blob)>();
            summary.Collect(string.Empty, kustomizations, flux);
            catalog = KustomizeCatalog.Build(kustomizations.Select(k => k.Path), flux.Select(f => f.Path), parse);
        }

        lock (Gate)
        {
            Recent.AddFirst((tree, maxBytes, repository, summary, catalog));
            while (Recent.Count > Kept)
            {
                Recent.RemoveLast();
            }
        }

        return catalog;
    }
}
