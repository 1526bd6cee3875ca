using FluxOps.Core.Manifests;

namespace FluxOps.Core.Git.Changes;

/// <summary>
/// Every image reference a change introduces: only changed files are read; a reference is reported when its
/// effective value at Head differs from Base (Added, or Modified with Previous). With -All, every reference at Head.
/// </summary>
public static class ChangedImageFinder
{
    /// <summary>Streams images and notices; terminating problems throw <see cref="ChangedImagesException"/> before the first item.</summary>
    public static IEnumerable<ChangedImagesItem> Find(ChangedImagesOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var include = options.Include.Select(p => new PathGlob(p)).ToList();
        var exclude = options.Exclude.Select(p => new PathGlob(p)).ToList();

        // Everything that can fail for the whole command happens eagerly, so the caller sees it as one error.
        var repository = ChangeRevisions.Open(options.Path);
        try
        {
            var head = options.IncludeWorkingTree && options.Head is null ? repository.Head.Tip : ChangeRevisions.ResolveHead(repository, options.Head);
            if (head is null && !options.All)
            {
                throw new ChangedImagesException("NoCommits", "The repository has no commits yet, so there is no Base to compare with: use -All -IncludeWorkingTree.");
            }

            IEnumerable<ChangedFile> files;
            if (options.All)
            {
                bool Wanted(string path) => ManifestFileRules.IsManifestPath(path) && PathGlob.Selects(path, include, exclude);
                files = head is null && !options.IncludeWorkingTree ? [] : ChangedFileLister.All(repository, head!, options.IncludeWorkingTree, Wanted);
            }
            else
            {
                var baseCommit = ChangeRevisions.ResolveBase(repository, options.Base, head!);
                files = ChangedFileLister.Changes(repository, baseCommit, head!, options.IncludeWorkingTree)
                    .Where(f => PathGlob.Selects(f.Path, include, exclude));
            }

            return Stream(repository, files, options, cancellation);
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    private static IEnumerable<ChangedImagesItem> Stream(LibGit2Sharp.Repository repository, IEnumerable<ChangedFile> files, ChangedImagesOptions options, CancellationToken cancellation)
    {
        using (repository)
        {
            foreach (var file in files)
            {
                cancellation.ThrowIfCancellationRequested();
                foreach (var item in ScanFile(file, options))
                {
                    yield return item;
                }
            }
        }
    }

    private static IEnumerable<ChangedImagesItem> ScanFile(ChangedFile file, ChangedImagesOptions options)
    {
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

        var size = file.NewSize();
        if (size > options.MaxFileBytes)
        {
            yield return Notice(ScanNoticeLevel.Warning, file.Path, $"file is {size:N0} bytes, above the {options.MaxFileBytes:N0}-byte cap for manifests; not read");
            yield break;
        }

        var head = ManifestScanner.Scan(file.Path, file.ReadNew(), options.MaxFileBytes);
        foreach (var notice in head.Notices)
        {
            yield return new ChangedImagesItem(null, notice);
        }

        var previous = file.HasBase && !options.All ? BaseImages(file, options) : null;
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
    private static Dictionary<string, string>? BaseImages(ChangedFile file, ChangedImagesOptions options)
    {
        var content = file.ReadOld();
        if (content is null)
        {
            return null;
        }

        var scanned = ManifestScanner.Scan(file.OldPath ?? file.Path, content, options.MaxFileBytes);
        var byLocator = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var found in scanned.Images)
        {
            byLocator.TryAdd(found.Locator, found.Reference.Image);
        }

        return byLocator;
    }

    private static ChangedImagesItem Notice(ScanNoticeLevel level, string file, string reason) =>
        new(null, new ScanNotice(level, file, 0, reason));
}
