using System.Collections.Concurrent;
using FluxOps.Core.Git;
using FluxOps.Core.Manifests;

namespace FluxOps.Core.ChangedImages;

/// <summary>A file of a git tree: its name in its folder and its blob.</summary>
internal readonly record struct TreeFile(string Name, GitOid Blob);

/// <summary>
/// What the kustomize index needs from one git tree: the kustomization files in it (found by name, never read here),
/// the manifests in it that declare a Flux Kustomization, and the same for each sub-folder that has any. A summary
/// depends only on its tree's id, so it is computed once per process and shared by every revision holding that tree:
/// Base and Head share every folder the change did not touch, and so does the next run on the same repository, which
/// then reads only the trees its change touched.
/// </summary>
internal sealed class TreeSummary(IReadOnlyList<TreeFile> kustomizations, IReadOnlyList<TreeFile> fluxManifests, IReadOnlyList<(string Name, TreeSummary Summary)> folders)
{
    public static readonly TreeSummary Empty = new([], [], []);

    public IReadOnlyList<TreeFile> Kustomizations { get; } = kustomizations;

    public IReadOnlyList<TreeFile> FluxManifests { get; } = fluxManifests;

    public IReadOnlyList<(string Name, TreeSummary Summary)> Folders { get; } = folders;

    /// <summary>
    /// Adds what differs between <paramref name="before"/> and <paramref name="after"/> to <paramref name="differences"/>;
    /// a folder whose summary is the same object on both sides (the same tree, or a tree with the same findings) is skipped.
    /// </summary>
    public static void Differences(TreeSummary before, TreeSummary after, string prefix, SummaryDifferences differences)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(differences);
        if (ReferenceEquals(before, after))
        {
            return;
        }

        Compare(before.Kustomizations, after.Kustomizations, prefix, differences.KustomizationsRemoved, differences.KustomizationsAdded);
        Compare(before.FluxManifests, after.FluxManifests, prefix, differences.FluxRemoved, differences.FluxAdded);
        var old = before.Folders.ToDictionary(f => f.Name, f => f.Summary, StringComparer.Ordinal);
        foreach (var (name, summary) in after.Folders)
        {
            Differences(old.Remove(name, out var previous) ? previous : Empty, summary, prefix + name + "/", differences);
        }

        foreach (var (name, summary) in old)
        {
            Differences(summary, Empty, prefix + name + "/", differences);
        }
    }

    private static void Compare(IReadOnlyList<TreeFile> before, IReadOnlyList<TreeFile> after, string prefix, List<string> removed, List<string> added)
    {
        removed.AddRange(before.Except(after).Select(f => prefix + f.Name));
        added.AddRange(after.Except(before).Select(f => prefix + f.Name));
    }

    /// <summary>Every kustomization file and Flux manifest below, as repository paths (<paramref name="prefix"/> ends with '/' or is empty).</summary>
    public void Collect(string prefix, List<(string Path, GitOid Blob)> kustomizations, List<(string Path, GitOid Blob)> fluxManifests)
    {
        kustomizations.AddRange(Kustomizations.Select(f => (prefix + f.Name, f.Blob)));
        fluxManifests.AddRange(FluxManifests.Select(f => (prefix + f.Name, f.Blob)));
        foreach (var (name, summary) in Folders)
        {
            summary.Collect(prefix + name + "/", kustomizations, fluxManifests);
        }
    }
}

/// <summary>What differs between two summaries, as repository paths: a file whose blob changed is both removed and added.</summary>
internal sealed class SummaryDifferences
{
    public List<string> KustomizationsRemoved { get; } = [];

    public List<string> KustomizationsAdded { get; } = [];

    public List<string> FluxRemoved { get; } = [];

    public List<string> FluxAdded { get; } = [];
}

/// <summary>
/// Builds <see cref="TreeSummary"/> values through a process-wide cache keyed by tree id (and the size cap, which decides
/// which blobs are read). Uncached trees are read level by level and their manifests checked for a Flux Kustomization in
/// parallel: a cheap byte search for the API group first, a YAML parse only where it occurs.
/// </summary>
internal static class TreeSummaries
{
    // Bounds for long-lived sessions: a 5,000-folder repository needs about 6,000 summaries and one flag per manifest.
    private const int MaxSummaries = 500_000;
    private const int MaxBlobs = 1_000_000;
    private static readonly ConcurrentDictionary<(GitOid Tree, int MaxBytes), TreeSummary> Summaries = new();
    private static readonly ConcurrentDictionary<(GitOid Blob, int MaxBytes), FluxKustomizationRoot[]> FluxByBlob = new();

    public static TreeSummary Of(GitObjectReader reader, Func<GitOid, List<RawTreeEntry>> entries, GitOid root, int maxBytes)
    {
        Trim();
        if (Summaries.TryGetValue((root, maxBytes), out var known))
        {
            return known;
        }

        // Read every tree not summarised yet, one level at a time (parents before children); keep the summaries found
        // on the way, so a cache trimmed by another run meanwhile cannot lose them.
        var order = new List<(GitOid Tree, List<RawTreeEntry> Entries)>();
        var summaries = new Dictionary<GitOid, TreeSummary>();
        var level = new List<GitOid> { root };
        var seen = new HashSet<GitOid> { root };
        while (level.Count > 0)
        {
            var read = Parallel(level, entries);
            order.AddRange(level.Zip(read));
            var next = new List<GitOid>();
            foreach (var child in read.SelectMany(e => e).Where(e => e.IsTree))
            {
                if (Summaries.TryGetValue((child.Id, maxBytes), out var summary))
                {
                    summaries[child.Id] = summary;
                }
                else if (seen.Add(child.Id))
                {
                    next.Add(child.Id);
                }
            }

            level = next;
        }

        var manifests = order.SelectMany(t => t.Entries)
            .Where(e => IsRegularFile(e) && ManifestFileRules.IsManifestPath(e.Name))
            .Select(e => e.Id).Distinct().ToList();
        var declared = new ConcurrentDictionary<GitOid, bool>();
        Parallel(manifests, blob => declared[blob] = FluxByBlob.GetOrAdd((blob, maxBytes), key => Declared(reader, key.Blob, key.MaxBytes)).Length > 0);
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var (tree, treeEntries) = order[i];
            summaries[tree] = Summaries[(tree, maxBytes)] = Summarise(treeEntries, summaries, declared);
        }

        return summaries[root];
    }

    /// <summary>The Flux Kustomizations a blob declares, bound to the path it has in this revision.</summary>
    public static IEnumerable<FluxKustomizationRoot> FluxAt(GitObjectReader reader, string path, GitOid blob, int maxBytes)
    {
        var declared = FluxByBlob.GetOrAdd((blob, maxBytes), key => Declared(reader, key.Blob, key.MaxBytes));
        return declared.Select(f => f with { File = path, Images = f.Images.Select(i => i with { File = path }).ToList() });
    }

    public static bool IsRegularFile(RawTreeEntry entry) => entry.Mode is TreeEntryParser.RegularFileMode or TreeEntryParser.ExecutableFileMode;

    private static TreeSummary Summarise(List<RawTreeEntry> entries, Dictionary<GitOid, TreeSummary> summaries, ConcurrentDictionary<GitOid, bool> declaresFlux)
    {
        List<TreeFile>? kustomizations = null, flux = null;
        List<(string, TreeSummary)>? folders = null;
        foreach (var entry in entries)
        {
            if (entry.IsTree)
            {
                var summary = summaries[entry.Id];
                if (!ReferenceEquals(summary, TreeSummary.Empty))
                {
                    (folders ??= []).Add((entry.Name, summary));
                }
            }
            else if (IsRegularFile(entry))
            {
                if (ManifestFileRules.IsKustomizationFile(entry.Name))
                {
                    (kustomizations ??= []).Add(new TreeFile(entry.Name, entry.Id));
                }

                if (declaresFlux.GetValueOrDefault(entry.Id))
                {
                    (flux ??= []).Add(new TreeFile(entry.Name, entry.Id));
                }
            }
        }

        return kustomizations is null && flux is null && folders is null
            ? TreeSummary.Empty
            : new TreeSummary(kustomizations ?? [], flux ?? [], folders ?? []);
    }

    private static FluxKustomizationRoot[] Declared(GitObjectReader reader, GitOid blob, int maxBytes) =>
        reader.Size(blob) > maxBytes ? [] : [.. FluxKustomizationRoot.Find(string.Empty, reader.Blob(blob))];

    private static List<TResult> Parallel<TResult>(List<GitOid> items, Func<GitOid, TResult> read)
    {
        if (items.Count < 16)
        {
            return items.Select(read).ToList();
        }

        return items.AsParallel().AsOrdered().Select(read).ToList();
    }

    private static void Parallel(List<GitOid> items, Action<GitOid> action)
    {
        if (items.Count < 16)
        {
            items.ForEach(action);
        }
        else
        {
            items.AsParallel().ForAll(action);
        }
    }

    private static void Trim()
    {
        if (Summaries.Count > MaxSummaries)
        {
            Summaries.Clear();
        }

        if (FluxByBlob.Count > MaxBlobs)
        {
            FluxByBlob.Clear();
        }
    }
}
