using FluxOps.Core.Manifests;

namespace FluxOps.Core.ChangedImages;

/// <summary>
/// One image as a root renders it: the value after every images transformer, the reference as written (file, line,
/// object), and the images entry that decided it last (null when the written value stands).
/// </summary>
internal sealed record RenderedImage(string Value, FoundImage Written, KustomizeImageEntry? DecidedBy, string Identity);

/// <summary>What rendering one root produced: its images, every file it read, and what it could not render.</summary>
internal sealed class RenderOutcome
{
    public List<RenderedImage> Images { get; } = [];

    public HashSet<string> Read { get; } = new(StringComparer.Ordinal);

    public List<ScanNotice> Notices { get; } = [];
}

/// <summary>
/// Renders the images of a kustomization root the way <c>kustomize build</c> does, without the rest of its output: resources
/// (files and folders, then legacy bases) in order, then components (each adds its resources and runs its own images
/// transformer over everything accumulated so far), then the folder's own images entries one after another; a Flux
/// Kustomization's <c>spec.images</c> run last. A folder without a kustomization file applied by Flux renders every manifest
/// below it, and each nearest sub-folder with a kustomization file as a whole (as Flux generates it).
/// </summary>
internal sealed class KustomizeRenderer(KustomizeIndex index)
{
    private const int MaxDepth = 64;

    public RenderOutcome Render(KustomizeRoot root)
    {
        var outcome = new RenderOutcome();
        List<RenderedImage> images;
        if (index.IsKustomizationDirectory(root.Directory))
        {
            images = Directory(root.Directory, outcome, []);
        }
        else
        {
            images = Generated(root.Directory, outcome);
        }

        if (root.Flux is { } flux)
        {
            outcome.Read.Add(flux.File);
            Transform(images, flux.Images);
        }

        // Kustomize refuses two resources with one identity; here the second keeps its own so neither is lost.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            var count = seen.GetValueOrDefault(image.Identity);
            seen[image.Identity] = count + 1;
            outcome.Images.Add(count == 0 ? image : image with { Identity = $"{image.Identity}#{count}" });
        }

        return outcome;
    }

    private List<RenderedImage> Directory(string directory, RenderOutcome outcome, List<string> visiting)
    {
        var file = index.At(directory, outcome.Notices);
        if (file is null)
        {
            return [];
        }

        if (visiting.Contains(directory) || visiting.Count > MaxDepth)
        {
            outcome.Notices.Add(new ScanNotice(ScanNoticeLevel.Error, file.Path, 0, $"kustomizations include each other in a cycle ({string.Join(" -> ", visiting.Append(directory))}): kustomize build fails"));
            return [];
        }

        visiting.Add(directory);
        outcome.Read.Add(file.Path);
        outcome.Notices.AddRange(file.Notices);
        var accumulated = new List<RenderedImage>();
        foreach (var resource in file.Resources)
        {
            Resource(file, resource, accumulated, outcome, visiting);
        }

        foreach (var component in file.Components)
        {
            Component(file, component, accumulated, outcome, visiting);
        }

        Patches(file, accumulated, outcome);
        Transform(accumulated, file.Images);
        visiting.RemoveAt(visiting.Count - 1);
        return accumulated;
    }

    private void Component(KustomizationFile parent, KustomizeReference reference, List<RenderedImage> accumulated, RenderOutcome outcome, List<string> visiting)
    {
        var path = Locate(parent, reference, outcome);
        if (path is null)
        {
            return;
        }

        var component = index.At(path, outcome.Notices);
        if (component is null || visiting.Contains(path))
        {
            Missing(parent, reference, outcome, component is null ? "is not a folder with a kustomization file" : "includes itself");
            return;
        }

        visiting.Add(path);
        outcome.Read.Add(component.Path);
        outcome.Notices.AddRange(component.Notices);
        foreach (var resource in component.Resources)
        {
            Resource(component, resource, accumulated, outcome, visiting);
        }

        foreach (var nested in component.Components)
        {
            Component(component, nested, accumulated, outcome, visiting);
        }

        Patches(component, accumulated, outcome);

        // A component's transformers see everything accumulated so far, not only its own resources.
        Transform(accumulated, component.Images);
        visiting.RemoveAt(visiting.Count - 1);
    }

    private void Resource(KustomizationFile parent, KustomizeReference reference, List<RenderedImage> accumulated, RenderOutcome outcome, List<string> visiting)
    {
        var path = Locate(parent, reference, outcome);
        if (path is null)
        {
            return;
        }

        if (index.Snapshot.FileExists(path))
        {
            accumulated.AddRange(FileImages(path, outcome));
        }
        else if (index.IsKustomizationDirectory(path))
        {
            accumulated.AddRange(Directory(path, outcome, visiting));
        }
        else
        {
            Missing(parent, reference, outcome, index.Snapshot.DirectoryExists(path) ? "is a folder without a kustomization file" : "does not exist");
        }
    }

    /// <summary>
    /// A kustomization's patches run after its resources and components and before its images entries. FluxOps does not
    /// merge a patch into its target: the images a patch writes (inline, or in a patch file) are rendered beside the
    /// target's, where the images entries see them too, and are reported at the patch's line.
    /// </summary>
    private void Patches(KustomizationFile file, List<RenderedImage> accumulated, RenderOutcome outcome)
    {
        var inline = index.Cache.Scan(index.Snapshot, file.Path);
        outcome.Notices.AddRange(inline.Notices.Where(n => n.Level == ScanNoticeLevel.Skip));
        accumulated.AddRange(KustomizePatches.Rendered(file.Path, inline.Images));
        foreach (var reference in file.Patches)
        {
            if (Locate(file, reference, outcome) is not { } path)
            {
                continue;
            }

            if (!index.Snapshot.FileExists(path))
            {
                Missing(file, reference, outcome, "is not a patch file in this revision");
                continue;
            }

            outcome.Read.Add(path);
            var scan = index.Cache.Scan(index.Snapshot, path);
            outcome.Notices.AddRange(scan.Notices);
            accumulated.AddRange(KustomizePatches.Rendered(path, scan.Images));
        }
    }

    private string? Locate(KustomizationFile parent, KustomizeReference reference, RenderOutcome outcome)
    {
        if (KustomizationFile.IsRemote(reference.Entry))
        {
            outcome.Notices.Add(new ScanNotice(ScanNoticeLevel.Warning, parent.Path, reference.Line,
                $"remote resource '{reference.Entry}' is not rendered (FluxOps reads only this repository): its images are not checked"));
            return null;
        }

        var path = KustomizationFile.Resolve(parent.Directory, reference.Entry);
        if (path is null)
        {
            Missing(parent, reference, outcome, "is outside the repository");
        }

        return path;
    }

    private static void Missing(KustomizationFile parent, KustomizeReference reference, RenderOutcome outcome, string why) =>
        outcome.Notices.Add(new ScanNotice(ScanNoticeLevel.Error, parent.Path, reference.Line,
            $"'{reference.Entry}' {why}: kustomize build fails here, so what this kustomization deploys is unknown"));

    private List<RenderedImage> Generated(string directory, RenderOutcome outcome)
    {
        var images = new List<RenderedImage>();
        var covered = new List<string>();
        foreach (var file in index.Snapshot.FilesUnder(directory))
        {
            if (covered.Any(c => file.StartsWith(c + "/", StringComparison.Ordinal)) || !ManifestFileRules.IsManifestPath(file) || ManifestFileRules.SkipReason(file) is not null)
            {
                continue;
            }

            // The nearest folder below the root that has a kustomization file is rendered whole, in place of its files.
            var nested = KustomizeIndex.Ancestors(file).Where(a => a.Length > directory.Length && index.IsKustomizationDirectory(a)).LastOrDefault();
            if (nested is not null)
            {
                covered.Add(nested);
                images.AddRange(Directory(nested, outcome, []));
                continue;
            }

            images.AddRange(FileImages(file, outcome));
        }

        return images;
    }

    private IEnumerable<RenderedImage> FileImages(string path, RenderOutcome outcome)
    {
        outcome.Read.Add(path);
        var scan = index.Cache.Scan(index.Snapshot, path);
        outcome.Notices.AddRange(scan.Notices);
        return scan.Images.Select(found => new RenderedImage(found.Reference.Image, found, null, found.Locator));
    }

    /// <summary>Runs each images entry over every accumulated image, in the order written, as many passes as Kustomize does.</summary>
    internal static void Transform(List<RenderedImage> images, IReadOnlyList<KustomizeImageEntry> entries)
    {
        foreach (var entry in entries)
        {
            for (var i = 0; i < images.Count; i++)
            {
                var image = images[i];
                var passes = KustomizeImages.Passes(image.Written.Reference.Kind, KustomizePatches.YamlPath(image.Written.Locator));
                for (var pass = 0; pass < passes; pass++)
                {
                    if (entry.Apply(image.Value) is { } value)
                    {
                        var decides = entry.NewName is not null || entry.NewTag is not null || entry.Digest is not null || entry.TagSuffix is not null;
                        image = image with { Value = value, DecidedBy = decides ? entry : image.DecidedBy };
                    }
                }

                images[i] = image;
            }
        }
    }
}
