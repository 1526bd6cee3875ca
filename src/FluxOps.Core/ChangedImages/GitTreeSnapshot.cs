using System.Collections.Concurrent;
using FluxOps.Core.Git;
using FluxOps.Core.Manifests;

namespace FluxOps.Core.ChangedImages;

/// <summary>
/// A commit's tree: regular files only (symbolic links and submodules are not manifests Flux reads). Nothing is listed up
/// front: a path is looked up tree by tree along its folders, the kustomize index comes from the tree's
/// <see cref="TreeSummary"/> (shared with every other revision holding the same folders), and only -All lists every file.
/// </summary>
internal sealed class GitTreeSnapshot : RepositorySnapshot
{
    private readonly GitObjectReader _reader;
    private readonly GitOid _root;
    private readonly int _maxBytes;
    private readonly ConcurrentDictionary<GitOid, List<RawTreeEntry>> _trees = new();
    private List<string>? _files;
    private KustomizeCatalog? _catalog;

    /// <param name="maxBytes">Blobs above this size are never read (the manifest cap): such a file declares no Flux Kustomization.</param>
    public GitTreeSnapshot(GitObjectReader reader, GitOid tree, int maxBytes = ManifestScanner.DefaultMaxFileBytes)
    {
        ArgumentNullException.ThrowIfNull(reader);
        _reader = reader;
        _root = tree;
        _maxBytes = maxBytes;
    }

    /// <summary>Every file, listed by reading each tree once (folders of one depth in parallel).</summary>
    public override IReadOnlyList<string> Files => _files ??= List(string.Empty, _root);

    public override bool FileExists(string path) => Entry(path) is { } entry && TreeSummaries.IsRegularFile(entry);

    public override bool DirectoryExists(string path) => path.Length == 0 || Entry(path) is { IsTree: true };

    public override string? ContentKey(string path) => BlobId(path)?.ToString();

    public override IEnumerable<string> FilesUnder(string directory)
    {
        if (directory.Length == 0)
        {
            return Files;
        }

        return Entry(directory) is { IsTree: true } folder ? List(directory + "/", folder.Id) : [];
    }

    /// <summary>The blob at <paramref name="path"/> when it is a regular file.</summary>
    public GitOid? BlobId(string path) => Entry(path) is { } entry && TreeSummaries.IsRegularFile(entry) ? entry.Id : null;

    /// <summary>From the tree's summary; derived from an earlier revision's catalog when the process has one.</summary>
    public override KustomizeCatalog Catalog(ManifestCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return _catalog ??= KustomizeCatalogs.For(_root, _maxBytes, _reader.GitDirectory, TreeSummaries.Of(_reader, Entries, _root, _maxBytes), path => cache.Kustomization(this, path));
    }

    public override IEnumerable<FluxKustomizationRoot> FluxDeclaredBy(string path, ManifestCache cache) =>
        BlobId(path) is { } blob ? TreeSummaries.FluxAt(_reader, path, blob, _maxBytes) : [];

    protected override SnapshotRead ReadCore(string path, int maxBytes)
    {
        if (Entry(path) is not { } entry || !TreeSummaries.IsRegularFile(entry))
        {
            return new SnapshotRead(null, "not in this revision");
        }

        var size = _reader.Size(entry.Id);
        return size > maxBytes
            ? new SnapshotRead(null, $"file is {size:N0} bytes, above the {maxBytes:N0}-byte cap for manifests; not read, so its images cannot be checked")
            : new SnapshotRead(_reader.Blob(entry.Id), null);
    }

    private List<RawTreeEntry> Entries(GitOid tree) => _trees.GetOrAdd(tree, _reader.Tree);

    /// <summary>The entry at <paramref name="path"/>, found folder by folder; null when absent.</summary>
    private RawTreeEntry? Entry(string path)
    {
        var tree = _root;
        var names = path.Split('/');
        for (var i = 0; ; i++)
        {
            RawTreeEntry? match = null;
            foreach (var entry in Entries(tree))
            {
                if (entry.Name == names[i])
                {
                    match = entry;
                    break;
                }
            }

            if (match is not { } found || i == names.Length - 1)
            {
                return match;
            }

            if (!found.IsTree)
            {
                return null;
            }

            tree = found.Id;
        }
    }

    /// <summary>Regular files at or below a tree, sorted ordinally; the trees of one depth are read in parallel.</summary>
    private List<string> List(string prefix, GitOid tree)
    {
        var files = new List<string>();
        var level = new List<(string Prefix, GitOid Tree)> { (prefix, tree) };
        while (level.Count > 0)
        {
            var read = level.Count < 16 ? level.Select(l => Entries(l.Tree)).ToList() : level.AsParallel().AsOrdered().Select(l => Entries(l.Tree)).ToList();
            var next = new List<(string, GitOid)>();
            for (var i = 0; i < level.Count; i++)
            {
                foreach (var entry in read[i])
                {
                    if (entry.IsTree)
                    {
                        next.Add((level[i].Prefix + entry.Name + "/", entry.Id));
                    }
                    else if (TreeSummaries.IsRegularFile(entry))
                    {
                        files.Add(level[i].Prefix + entry.Name);
                    }
                }
            }

            level = next;
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
