using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>One file that differs between two trees; <see cref="OldPath"/>/<see cref="OldId"/> are set for modifications and renames.</summary>
internal sealed record TreeFileChange(string Path, ObjectId Id, string? OldPath, ObjectId? OldId);

/// <summary>
/// Tree-to-tree diff that never opens a subtree whose id is the same on both sides, so its cost follows the size of
/// the change, not of the repository (libgit2's tree diff walks both trees in full). Renames are detected like git:
/// exact (same blob) first, then by content similarity of at least 50% between the remaining added and deleted manifests.
/// </summary>
internal static class TreeDiff
{
    private const double RenameThreshold = 0.5;
    private const int MaxSimilarityPairs = 10_000;

    /// <param name="similarityCandidates">Which added/deleted paths may pair as renames with edits (the caller's files of interest).</param>
    /// <param name="maxSimilarityBytes">Blobs larger than this are never read to compare their lines.</param>
    /// <param name="deletedPaths">When given, receives the paths deleted (and not renamed) between the trees.</param>
    public static List<TreeFileChange> Compare(Repository repository, Tree before, Tree after, Func<string, bool> similarityCandidates, long maxSimilarityBytes,
        List<string>? deletedPaths = null)
    {
        var added = new List<(string Path, ObjectId Id)>();
        var deleted = new List<(string Path, ObjectId Id)>();
        var changes = new List<TreeFileChange>();
        var pending = new Stack<(Tree? Old, Tree? New, string Prefix)>();
        pending.Push((before, after, string.Empty));
        while (pending.Count > 0)
        {
            var (oldTree, newTree, prefix) = pending.Pop();
            var oldEntries = oldTree is null ? [] : oldTree.ToDictionary(e => e.Name, StringComparer.Ordinal);
            foreach (var entry in newTree ?? Enumerable.Empty<TreeEntry>())
            {
                var path = prefix + entry.Name;
                oldEntries.Remove(entry.Name, out var old);
                if (old is not null && old.Target.Id == entry.Target.Id && old.Mode == entry.Mode)
                {
                    continue;
                }

                var oldIsTree = old?.TargetType == TreeEntryTargetType.Tree;
                var newIsTree = entry.TargetType == TreeEntryTargetType.Tree;
                if (newIsTree)
                {
                    pending.Push((oldIsTree ? (Tree)old!.Target : null, (Tree)entry.Target, path + "/"));
                    if (old is not null && !oldIsTree)
                    {
                        AddFile(deleted, old, path);
                    }
                }
                else if (old is not null && !oldIsTree && old.TargetType == TreeEntryTargetType.Blob && entry.TargetType == TreeEntryTargetType.Blob)
                {
                    changes.Add(new TreeFileChange(path, entry.Target.Id, path, old.Target.Id));
                }
                else
                {
                    AddFile(added, entry, path);
                    if (oldIsTree)
                    {
                        pending.Push(((Tree)old!.Target, null, path + "/"));
                    }
                    else if (old is not null)
                    {
                        AddFile(deleted, old, path);
                    }
                }
            }

            foreach (var (name, old) in oldEntries)
            {
                if (old.TargetType == TreeEntryTargetType.Tree)
                {
                    pending.Push(((Tree)old.Target, null, prefix + name + "/"));
                }
                else
                {
                    AddFile(deleted, old, prefix + name);
                }
            }
        }

        PairRenames(repository, added, deleted, changes, similarityCandidates, maxSimilarityBytes);
        deletedPaths?.AddRange(deleted.Select(d => d.Path));
        changes.AddRange(added.Select(a => new TreeFileChange(a.Path, a.Id, null, null)));
        changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return changes;
    }

    private static void AddFile(List<(string Path, ObjectId Id)> list, TreeEntry entry, string path)
    {
        // Submodules (GitLink) are commits of another repository, not files.
        if (entry.TargetType == TreeEntryTargetType.Blob)
        {
            list.Add((path, entry.Target.Id));
        }
    }

    private static void PairRenames(Repository repository, List<(string Path, ObjectId Id)> added, List<(string Path, ObjectId Id)> deleted, List<TreeFileChange> changes,
        Func<string, bool> similarityCandidates, long maxSimilarityBytes)
    {
        if (added.Count == 0 || deleted.Count == 0)
        {
            return;
        }

        // Exact renames: the same blob left one path and arrived at another.
        var byId = deleted.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => new Queue<string>(g.Select(d => d.Path)));
        for (var i = added.Count - 1; i >= 0; i--)
        {
            if (byId.TryGetValue(added[i].Id, out var sources) && sources.Count > 0)
            {
                var from = sources.Dequeue();
                changes.Add(new TreeFileChange(added[i].Path, added[i].Id, from, added[i].Id));
                deleted.RemoveAll(d => d.Path == from);
                added.RemoveAt(i);
            }
        }

        // Renames with edits: only the caller's candidates matter, and only a bounded number of pairs is compared.
        var newManifests = added.Where(a => similarityCandidates(a.Path)).ToList();
        var oldManifests = deleted.Where(d => similarityCandidates(d.Path)).ToList();
        if (newManifests.Count == 0 || oldManifests.Count == 0 || (long)newManifests.Count * oldManifests.Count > MaxSimilarityPairs)
        {
            return;
        }

        var oldLines = oldManifests.Select(d => (d.Path, d.Id, Lines: LineCounts(repository, d.Id, maxSimilarityBytes))).ToList();
        foreach (var candidate in newManifests)
        {
            var lines = LineCounts(repository, candidate.Id, maxSimilarityBytes);
            var best = oldLines
                .Select(o => (Old: o, Score: Similarity(lines, o.Lines)))
                .Where(s => s.Score >= RenameThreshold)
                .OrderByDescending(s => s.Score)
                .FirstOrDefault();
            if (best.Old.Path is not null)
            {
                changes.Add(new TreeFileChange(candidate.Path, candidate.Id, best.Old.Path, best.Old.Id));
                oldLines.Remove(best.Old);
                deleted.RemoveAll(d => d.Path == best.Old.Path);
                added.Remove(candidate);
            }
        }
    }

    private static Dictionary<string, int> LineCounts(Repository repository, ObjectId id, long maxBytes)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var blob = repository.Lookup<Blob>(id);
        if (blob is null || blob.Size > maxBytes)
        {
            return counts;
        }

        foreach (var line in blob.GetContentText().Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length == 0)
            {
                // Blank lines say nothing about identity; counting them would pair unrelated tiny files.
                continue;
            }

            counts[trimmed] = counts.GetValueOrDefault(trimmed) + 1;
        }

        return counts;
    }

    // Dice coefficient over the multiset of lines: 1 for identical files, 0 for nothing in common.
    private static double Similarity(Dictionary<string, int> a, Dictionary<string, int> b)
    {
        var total = a.Values.Sum() + b.Values.Sum();
        if (total == 0)
        {
            return 0;
        }

        var common = a.Sum(kv => Math.Min(kv.Value, b.GetValueOrDefault(kv.Key)));
        return 2.0 * common / total;
    }
}
