using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using LibGit2Sharp;

namespace FluxOps.Core.ChangedImages;

/// <summary>
/// Every image reference a change deploys that it did not deploy before: the changed paths (tree diff, renames followed)
/// lead to the kustomization roots they feed, which are rendered at Base and Head and compared (<see cref="EffectiveImages"/>).
/// With -All, every image Head renders.
/// </summary>
internal static class ChangedImageFinder
{
    /// <summary>Images and notices; terminating problems throw <see cref="ChangedImagesException"/> before the first item.</summary>
    public static IEnumerable<ChangedImagesItem> Find(ChangedImagesOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var include = options.Include.Select(p => new PathGlob(p)).ToList();
        var exclude = options.Exclude.Select(p => new PathGlob(p)).ToList();
        bool Wanted(string path) => PathGlob.Selects(path, include, exclude);

        using var repository = ChangeRevisions.Open(options.Path);
        using var reader = GitObjectReader.Open(repository);
        var head = options.IncludeWorkingTree && options.Head is null ? repository.Head.Tip : ChangeRevisions.ResolveHead(repository, options.Head);
        if (head is null && !options.All)
        {
            throw new ChangedImagesException("NoCommits", "The repository has no commits yet, so there is no Base to compare with: use -All -IncludeWorkingTree.");
        }

        var cache = new ManifestCache(options.MaxFileBytes);
        RepositorySnapshot headSnapshot = options.IncludeWorkingTree ? new WorkingTreeSnapshot(repository) : Snapshot(reader, head!.Tree, options);
        var headIndex = new KustomizeIndex(headSnapshot, cache);
        if (options.All)
        {
            var listing = Notice(options.IncludeWorkingTree ? "Listing every image the working tree renders" : $"Listing every image {Short(head)} renders");
            return EffectiveImages.All(headIndex, Wanted, cancellation).Prepend(listing).ToList();
        }

        var baseCommit = ChangeRevisions.ResolveBase(repository, options.Base, head!);
        var (paths, skipped) = ChangedPaths(repository, baseCommit, head!, options.IncludeWorkingTree, Wanted);
        var description = Notice($"Comparing {Short(baseCommit)} (merge-base with {options.Base ?? "the upstream branch"}) with " +
            $"{(options.IncludeWorkingTree ? "the working tree" : Short(head))}: {paths.Count + skipped.Count} changed file(s)");
        if (paths.Count == 0)
        {
            return [description, .. skipped];
        }

        var baseIndex = new KustomizeIndex(Snapshot(reader, baseCommit.Tree, options), cache);
        return [description, .. skipped, .. EffectiveImages.Changes(headIndex, baseIndex, paths, cancellation)];
    }

    /// <summary>Changed paths worth rendering, and skip notices for the ones that are not manifests at all.</summary>
    private static (List<ChangedPath> Paths, List<ChangedImagesItem> Skipped) ChangedPaths(Repository repository, Commit baseCommit, Commit head, bool workingTree, Func<string, bool> wanted)
    {
        var all = new List<ChangedPath>();
        if (workingTree)
        {
            var options = new CompareOptions { Similarity = SimilarityOptions.Renames };
            using var changes = repository.Diff.Compare<TreeChanges>(baseCommit.Tree, DiffTargets.Index | DiffTargets.WorkingDirectory, null, null, options);
            foreach (var change in changes.Where(c => c.Mode != Mode.GitLink && c.OldMode != Mode.GitLink))
            {
                all.Add(change.Status switch
                {
                    ChangeKind.Deleted => new ChangedPath(null, change.OldPath),
                    ChangeKind.Added or ChangeKind.Copied or ChangeKind.Untracked => new ChangedPath(change.Path, null),
                    _ => new ChangedPath(change.Path, change.OldPath),
                });
            }
        }
        else
        {
            var deleted = new List<string>();
            foreach (var change in TreeDiff.Compare(repository, baseCommit.Tree, head.Tree, ManifestFileRules.IsManifestPath, ManifestScanner.DefaultMaxFileBytes, deleted))
            {
                all.Add(new ChangedPath(change.Path, change.OldId is null ? null : change.OldPath));
            }

            all.AddRange(deleted.Select(d => new ChangedPath(null, d)));
        }

        var paths = new List<ChangedPath>();
        var skipped = new List<ChangedImagesItem>();
        foreach (var path in all.Where(p => wanted(p.HeadPath ?? p.BasePath!)).OrderBy(p => p.HeadPath ?? p.BasePath, StringComparer.Ordinal))
        {
            var shown = path.HeadPath ?? path.BasePath!;
            if (!ManifestFileRules.IsManifestPath(shown))
            {
                skipped.Add(Notice(ScanNoticeLevel.Skip, shown, "not a YAML or JSON file"));
            }
            else if (ManifestFileRules.SkipReason(shown) is { } reason)
            {
                skipped.Add(Notice(ScanNoticeLevel.Skip, shown, reason));
            }
            else
            {
                paths.Add(path);
            }
        }

        return (paths, skipped);
    }

    private static GitTreeSnapshot Snapshot(GitObjectReader reader, Tree tree, ChangedImagesOptions options) =>
        new(reader, GitOid.FromBytes(tree.Id.RawId), options.MaxFileBytes);

    private static string Short(Commit? commit) => commit is null ? "(no commit)" : commit.Sha[..7];

    private static ChangedImagesItem Notice(string reason) => Notice(ScanNoticeLevel.Info, string.Empty, reason);

    private static ChangedImagesItem Notice(ScanNoticeLevel level, string file, string reason) =>
        new(null, new ScanNotice(level, file, 0, reason));
}
