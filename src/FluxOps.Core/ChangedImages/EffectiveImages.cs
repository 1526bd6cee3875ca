using FluxOps.Core.Manifests;
using FluxOps.Models;

namespace FluxOps.Core.ChangedImages;

/// <summary>A path the change touches: at Head (null when deleted) and at Base (null when added).</summary>
internal sealed record ChangedPath(string? HeadPath, string? BasePath);

/// <summary>
/// What a change deploys, in terms of rendered output: every root a changed path feeds is rendered at Base and at Head
/// and the image sets are compared, so an overlay's newTag is reported although its base is untouched, a base's
/// <c>image: api</c> that every overlay renames is never reported as api:latest, and an images entry that matches no
/// container reports nothing. Paths no kustomization or Flux path reaches are compared file by file, as written.
/// </summary>
internal static class EffectiveImages
{
    public static List<ChangedImagesItem> Changes(KustomizeIndex head, KustomizeIndex @base, IReadOnlyList<ChangedPath> changed, CancellationToken cancellation)
    {
        var changedFiles = new HashSet<string>(changed.SelectMany(c => new[] { c.HeadPath, c.BasePath }).OfType<string>(), StringComparer.Ordinal);
        var roots = new Dictionary<string, (KustomizeRoot? Head, KustomizeRoot? Base)>(StringComparer.Ordinal);
        var loose = new List<ChangedPath>();
        foreach (var path in changed)
        {
            cancellation.ThrowIfCancellationRequested();
            var headRoots = path.HeadPath is null ? [] : RootsTouching(head, path.HeadPath);
            var baseRoots = path.BasePath is null ? [] : RootsTouching(@base, path.BasePath);
            foreach (var root in headRoots)
            {
                roots[root.Key] = (root, roots.GetValueOrDefault(root.Key).Base);
            }

            foreach (var root in baseRoots)
            {
                roots[root.Key] = (roots.GetValueOrDefault(root.Key).Head, root);
            }

            if (headRoots.Count == 0 && path.HeadPath is not null)
            {
                loose.Add(path);
            }
        }

        var items = new List<ChangedImagesItem>();
        var readAtHead = new HashSet<string>(StringComparer.Ordinal);
        var baseNotices = new HashSet<(string, string)>();
        foreach (var (_, (headRoot, baseRoot)) in roots.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            cancellation.ThrowIfCancellationRequested();
            var after = headRoot is null ? new RenderOutcome() : new KustomizeRenderer(head).Render(headRoot);
            var before = baseRoot is null ? new RenderOutcome() : new KustomizeRenderer(@base).Render(baseRoot);
            readAtHead.UnionWith(after.Read);
            baseNotices.UnionWith(before.Notices.Select(n => (n.File, n.Reason)));
            items.AddRange(after.Notices.Where(n => changedFiles.Contains(n.File) || (n.Level != ScanNoticeLevel.Skip && !baseNotices.Contains((n.File, n.Reason))))
                .Select(n => new ChangedImagesItem(null, n)));
            items.AddRange(Compare(after.Images, before.Images));
        }

        foreach (var path in changed.Where(c => c.HeadPath is not null && !readAtHead.Contains(c.HeadPath) && !loose.Contains(c)))
        {
            items.Add(new ChangedImagesItem(null, new ScanNotice(ScanNoticeLevel.Skip, path.HeadPath!, 0,
                "in a folder with a kustomization file that does not list it, and no Flux Kustomization applies it: not deployed")));
        }

        foreach (var path in loose)
        {
            items.AddRange(AsWritten(head, @base, path));
        }

        return Finish(items);
    }

    /// <summary>Every image Head renders (-All): each root rendered, and every manifest no root reads, as written.</summary>
    public static List<ChangedImagesItem> All(KustomizeIndex head, Func<string, bool> wanted, CancellationToken cancellation)
    {
        var snapshot = head.Snapshot;
        var manifests = snapshot.Files.Where(f => ManifestFileRules.IsManifestPath(f)).ToList();

        // Scanning is the cost: do it on every core first; renders then find each file parsed.
        manifests.AsParallel().WithCancellation(cancellation).ForAll(f =>
        {
            if (ManifestFileRules.SkipReason(f) is null && !KustomizationFile.FileNames.Contains(f[(f.LastIndexOf('/') + 1)..]))
            {
                head.Cache.Scan(snapshot, f);
            }
        });

        var items = new List<ChangedImagesItem>();
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in head.AllRoots())
        {
            cancellation.ThrowIfCancellationRequested();
            if (root.Flux is null && head.At(root.Directory, []) is { } file && read.Contains(file.Path))
            {
                continue; // a Flux Kustomization already renders it (Flux roots come first)
            }

            var outcome = new KustomizeRenderer(head).Render(root);
            read.UnionWith(outcome.Read);
            items.AddRange(outcome.Notices.Select(n => new ChangedImagesItem(null, n)));
            items.AddRange(outcome.Images.Where(i => wanted(i.Written.Reference.File!)).Select(i => Report(i, "Existing", null)).OfType<ChangedImagesItem>());
        }

        foreach (var file in manifests.Where(f => !read.Contains(f) && !KustomizeIndex.Ancestors(f).Any(head.IsKustomizationDirectory) && wanted(f)))
        {
            if (ManifestFileRules.SkipReason(file) is { } reason)
            {
                items.Add(new ChangedImagesItem(null, new ScanNotice(ScanNoticeLevel.Skip, file, 0, reason)));
                continue;
            }

            var scan = head.Cache.Scan(snapshot, file);
            items.AddRange(scan.Notices.Select(n => new ChangedImagesItem(null, n)));
            items.AddRange(scan.Images.Select(f => new ChangedImagesItem(Stamp(f.Reference, "Existing", null), null)));
        }

        return Finish(items);
    }

    /// <summary>The roots that render a path, and the folders a changed Flux Kustomization in it applies.</summary>
    private static List<KustomizeRoot> RootsTouching(KustomizeIndex index, string path)
    {
        var roots = index.RootsFor(path);
        roots.AddRange(index.Cache.Flux(index.Snapshot, path).Select(f => new KustomizeRoot(f.Path, f)));
        return roots;
    }

    private static IEnumerable<ChangedImagesItem> Compare(List<RenderedImage> after, List<RenderedImage> before)
    {
        var previous = before.ToDictionary(i => i.Identity, i => i.Value, StringComparer.Ordinal);
        var values = new HashSet<string>(before.Select(i => i.Value), StringComparer.Ordinal);
        foreach (var image in after)
        {
            if (previous.TryGetValue(image.Identity, out var old))
            {
                if (old != image.Value && Report(image, "Modified", old) is { } modified)
                {
                    yield return modified;
                }
            }
            else if (!values.Contains(image.Value) && Report(image, "Added", null) is { } added)
            {
                // A value the root already deployed elsewhere (a moved or renamed object) is nothing new to validate.
                yield return added;
            }
        }
    }

    private static IEnumerable<ChangedImagesItem> AsWritten(KustomizeIndex head, KustomizeIndex @base, ChangedPath path)
    {
        var scan = head.Cache.Scan(head.Snapshot, path.HeadPath!);
        foreach (var notice in scan.Notices)
        {
            yield return new ChangedImagesItem(null, notice);
        }

        var before = path.BasePath is null ? [] : @base.Cache.Scan(@base.Snapshot, path.BasePath).Images;
        var rendered = scan.Images.Select(f => new RenderedImage(f.Reference.Image, f, null, f.Locator)).ToList();
        foreach (var item in Compare(rendered, before.Select(f => new RenderedImage(f.Reference.Image, f, null, f.Locator)).ToList()))
        {
            yield return item;
        }
    }

    /// <summary>The reference a rendered image stands for, at the line that decides it; an unusable value becomes a skip notice.</summary>
    private static ChangedImagesItem? Report(RenderedImage image, string change, string? previous)
    {
        if (image.DecidedBy is null)
        {
            return new ChangedImagesItem(Stamp(image.Written.Reference, change, previous), null);
        }

        var entry = image.DecidedBy;
        if (!ImageString.TryParse(image.Value, out var parts, out var whyNot))
        {
            var level = ImageString.IsInvalidReference(image.Value) ? ScanNoticeLevel.Warning : ScanNoticeLevel.Skip;
            return new ChangedImagesItem(null, new ScanNotice(level, entry.File, entry.Line, $"{entry.Source}: {whyNot}"));
        }

        var written = image.Written.Reference;
        return new ChangedImagesItem(new ImageReference
        {
            Image = parts!.Image,
            Registry = parts.Registry,
            Repository = parts.Repository,
            Tag = parts.Tag,
            Digest = parts.Digest,
            ImpliesLatest = parts.ImpliesLatest,
            File = entry.File,
            Line = entry.Line,
            Column = entry.Column,
            Source = entry.Source,
            Kind = written.Kind,
            Name = written.Name,
            Change = change,
            Previous = previous,
        }, null);
    }

    private static ImageReference Stamp(ImageReference written, string change, string? previous) => new()
    {
        Image = written.Image,
        Registry = written.Registry,
        Repository = written.Repository,
        Tag = written.Tag,
        Digest = written.Digest,
        ImpliesLatest = written.ImpliesLatest,
        File = written.File,
        Line = written.Line,
        Column = written.Column,
        Source = written.Source,
        Kind = written.Kind,
        Name = written.Name,
        Change = change,
        Previous = previous,
    };

    /// <summary>One item per image and place (several roots often render the same one), notices once each, in file order.</summary>
    private static List<ChangedImagesItem> Finish(List<ChangedImagesItem> items)
    {
        var seenImages = new HashSet<(string, string?, int, int)>();
        var seenNotices = new HashSet<ScanNotice>();
        return items
            .Where(i => i.Image is { } image ? seenImages.Add((image.Image, image.File, image.Line, image.Column)) : seenNotices.Add(i.Notice!))
            .OrderBy(i => i.Image?.File ?? i.Notice!.File, StringComparer.Ordinal)
            .ThenBy(i => i.Image?.Line ?? i.Notice!.Line)
            .ThenBy(i => i.Image?.Column ?? 0)
            .ToList();
    }
}
