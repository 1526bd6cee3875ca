using FluxOps.Core.Git;
using FluxOps.Core.Manifests;

namespace FluxOps.Core.ChangedImages;

/// <summary>
/// Every image reference a change introduces: only changed files are read; a reference is reported when its
/// effective value at Head differs from Base (Added, or Modified with Previous). With -All, every reference at Head.
/// </summary>
internal static class ChangedImageFinder
{
    private const int SequentialFileCount = 32;

    /// <summary>Streams images and notices; terminating problems throw <see cref="ChangedImagesException"/> before the first item.</summary>
    public static IEnumerable<ChangedImagesItem> Find(ChangedImagesOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var include = options.Include.Select(p => new PathGlob(p)).ToList();
        var exclude = options.Exclude.Select(p => new PathGlob(p)).ToList();

        // Everything that can fail for the whole command happens eagerly, so the caller sees it as one error.
        var repository = ChangeRevisions.Open(options.Path);
        ParallelBlobReader? reader = null;
        try
        {
            var head = options.IncludeWorkingTree && options.Head is null ? repository.Head.Tip : ChangeRevisions.ResolveHead(repository, options.Head);
            if (head is null && !options.All)
            {
                throw new ChangedImagesException("NoCommits", "The repository has no commits yet, so there is no Base to compare with: use -All -IncludeWorkingTree.");
            }

            IEnumerable<ChangedFile> files;
            ChangedImagesItem description;
            if (options.All)
            {
                bool Wanted(string path) => ManifestFileRules.IsManifestPath(path) && PathGlob.Selects(path, include, exclude);
                reader = new ParallelBlobReader(repository.Info.Path);
                files = ChangedFileLister.All(repository, head, options.IncludeWorkingTree, Wanted, reader);
                description = Notice(ScanNoticeLevel.Info, string.Empty,
                    options.IncludeWorkingTree ? "Listing every image in the working tree" : $"Listing every image at {Short(head)}");
            }
            else
            {
                var baseCommit = ChangeRevisions.ResolveBase(repository, options.Base, head!);
                files = ChangedFileLister.Changes(repository, baseCommit, head!, options.IncludeWorkingTree)
                    .Where(f => PathGlob.Selects(f.Path, include, exclude))
                    .ToList();
                description = Notice(ScanNoticeLevel.Info, string.Empty,
                    $"Comparing {Short(baseCommit)} (merge-base with {options.Base ?? "the upstream branch"}) with " +
                    $"{(options.IncludeWorkingTree ? "the working tree" : Short(head))}: {((List<ChangedFile>)files).Count} changed file(s)");
            }

            return Stream(repository, reader, files, options, cancellation).Prepend(description);
        }
        catch
        {
            reader?.Dispose();
            repository.Dispose();
            throw;
        }
    }

    private static IEnumerable<ChangedImagesItem> Stream(LibGit2Sharp.Repository repository, ParallelBlobReader? parallelReader, IEnumerable<ChangedFile> files, ChangedImagesOptions options, CancellationToken cancellation)
    {
        using (repository)
        using (parallelReader)
        {
            // A typical change is a handful of files: scanning them in line costs less than starting parallel workers.
            if (files is List<ChangedFile> { Count: <= SequentialFileCount } few)
            {
                foreach (var file in few)
                {
                    cancellation.ThrowIfCancellationRequested();
                    foreach (var item in ScanFile(Load(file, options), options))
                    {
                        yield return item;
                    }
                }

                yield break;
            }

            // Files are listed and read from git one at a time (PLINQ serializes access to the source enumerator, so
            // libgit2 is never used concurrently) while YAML scanning, the larger cost, runs on every core. AsOrdered keeps
            // the output in path order, and results stream as soon as the next file in order is done.
            // With a ParallelBlobReader (-All) reading is thread-safe too, so it moves into the parallel part.
            var degree = Math.Max(1, Math.Min(Environment.ProcessorCount, 4));
            var perFile = parallelReader is null
                ? files.Select(file => Load(file, options)).AsParallel().AsOrdered().WithDegreeOfParallelism(degree).WithCancellation(cancellation)
                    .Select(file => ScanFile(file, options).ToList())
                : files.AsParallel().AsOrdered().WithDegreeOfParallelism(degree).WithCancellation(cancellation)
                    .Select(file => ScanFile(Load(file, options), options).ToList());
            foreach (var items in perFile)
            {
                foreach (var item in items)
                {
                    yield return item;
                }
            }
        }
    }

    /// <summary>The git side of a file (runs under PLINQ's source lock: one thread at a time).</summary>
    private static LoadedFile Load(ChangedFile file, ChangedImagesOptions options)
    {
        if (!ManifestFileRules.IsManifestPath(file.Path) || ManifestFileRules.SkipReason(file.Path) is not null)
        {
            return new LoadedFile(file, 0, null, null);
        }

        var size = file.NewSize();
        if (size > options.MaxFileBytes)
        {
            return new LoadedFile(file, size, null, null);
        }

        return new LoadedFile(file, size, file.ReadNew(), file.HasBase && !options.All ? file.ReadOld() : null);
    }

    private static IEnumerable<ChangedImagesItem> ScanFile(LoadedFile loaded, ChangedImagesOptions options)
    {
        var file = loaded.File;
        if (!ManifestFileRules.IsManifestPath(file.Path))
        {
            yield return Notice(ScanNoticeLevel.Skip, file.Path, "not a YAML or JSON file");
            yield break;
        }

        if (ManifestFileRules.SkipReason(file.Path) is { } reason)
        {
            yield return Notice(ScanNoticeLevel.Skip, file.Path, reason);
            yield break;
        }

        var size = loaded.Size;
        if (size > options.MaxFileBytes)
        {
            yield return Notice(ScanNoticeLevel.Warning, file.Path, $"file is {size:N0} bytes, above the {options.MaxFileBytes:N0}-byte cap for manifests; not read");
            yield break;
        }

        var head = ManifestScanner.Scan(file.Path, loaded.Content!, options.MaxFileBytes);
        foreach (var notice in head.Notices)
        {
            yield return new ChangedImagesItem(null, notice);
        }

        var previous = loaded.BaseContent is { } baseContent ? BaseImages(file, baseContent, options) : null;
        foreach (var found in head.Images.OrderBy(f => f.Reference.Line).ThenBy(f => f.Reference.Column))
        {
            var reference = found.Reference;
            if (options.All)
            {
                reference.Change = "Existing";
            }
            else if (previous is not null)
            {
                if (previous.TryGetValue(found.Locator, out var before))
                {
                    if (before == reference.Image)
                    {
                        continue;
                    }

                    reference.Change = "Modified";
                    reference.Previous = before;
                }
                else if (previous.ContainsValue(reference.Image))
                {
                    // Same image, only moved or renamed around: nothing new to validate.
                    continue;
                }
            }

            yield return new ChangedImagesItem(reference, null);
        }
    }

    // Images of the Base version of the file by locator; unreadable Base versions count as empty.
    private static Dictionary<string, string> BaseImages(ChangedFile file, byte[] content, ChangedImagesOptions options)
    {
        var scanned = ManifestScanner.Scan(file.OldPath ?? file.Path, content, options.MaxFileBytes);
        var byLocator = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var found in scanned.Images)
        {
            byLocator.TryAdd(found.Locator, found.Reference.Image);
        }

        return byLocator;
    }

    private sealed record LoadedFile(ChangedFile File, long Size, byte[]? Content, byte[]? BaseContent);

    private static string Short(LibGit2Sharp.Commit? commit) => commit is null ? "(no commit)" : commit.Sha[..7];

    private static ChangedImagesItem Notice(ScanNoticeLevel level, string file, string reason) =>
        new(null, new ScanNotice(level, file, 0, reason));
}
