using System.Text;
using System.Text.RegularExpressions;

namespace FluxOps.Core.Manifests;

/// <summary>
/// The images a change brings into one file: what the manifest scanner finds in the new version that the old version
/// did not name anywhere (workload containers, Kustomize images, Helm values, Flux objects, patches, setter markers),
/// plus the values of changed <c>$imagepolicy</c> marker fields. A revert records these as <c>Fluxops-Bad-Image</c>,
/// and the rollback policy asks the same question of a new commit, so a recorded image that comes back is recognised
/// whichever field it comes back in and whoever brings it (image automation or a person).
/// </summary>
internal static partial class IntroducedImages
{
    /// <param name="before">The file before the change; null when the change adds the file.</param>
    public static IReadOnlyList<string> Of(string path, string? before, string after)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(after);
        var images = ImagePolicyMarkers.ChangedMarkers(path, before ?? string.Empty, after).Select(m => m.BadValue).Where(v => v.Length > 0).ToList();
        var scanned = ManifestFileRules.IsManifestPath(path) && ManifestFileRules.SkipReason(path) is null ? Scan(path, after) : null;
        if (scanned is not null)
        {
            var previous = before is null ? null : Scan(path, before);
            var old = previous ?? [];
            old.UnionWith(previous is null ? [] : EntryImages(path, before!));
            images.AddRange(scanned.Concat(EntryImages(path, after)).Where(image => !old.Contains(image)));
        }
        else
        {
            // Not a manifest the scanner reads (or one it cannot parse): image fields on the lines the change adds.
            var oldLines = new HashSet<string>((before ?? string.Empty).Split('\n'), StringComparer.Ordinal);
            images.AddRange(after.Split('\n').Where(line => !oldLines.Contains(line))
                .Select(line => ImageField().Match(line)).Where(m => m.Success).Select(m => m.Groups["image"].Value)
                .Where(image => ImageString.TryParse(image, out _, out _)));
        }

        return images.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The images the scanner finds in the text; null when the file cannot be read as YAML.</summary>
    private static HashSet<string>? Scan(string path, string text)
    {
        var result = ManifestScanner.Scan(path, Encoding.UTF8.GetBytes(text));
        var unread = result.Notices.Any(n => n.Level is ScanNoticeLevel.Error or ScanNoticeLevel.Warning) || (result.Documents == 0 && result.Images.Count == 0);
        return unread
            ? null
            : result.Images.Select(f => f.Reference.Image).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The images that Kustomize <c>images:</c> entries and Flux <c>spec.images</c> stand for (<c>newName</c>, else
    /// <c>name</c>, with <c>newTag</c> and/or <c>digest</c>): the scanner leaves them to the renderer of Get-ChangedImages,
    /// but a change that sets one introduces that image.
    /// </summary>
    private static IEnumerable<string> EntryImages(string path, string text)
    {
        foreach (var document in SafeYamlReader.Read(text))
        {
            var root = document.RootMapping;
            var entries = ManifestFileRules.IsKustomizationFile(path) || root?.Text("apiVersion")?.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal) == true
                ? root?["images"]
                : root?.Text("apiVersion")?.StartsWith("kustomize.toolkit.fluxcd.io/", StringComparison.Ordinal) == true ? (root["spec"] as YamlMappingNode)?["images"] : null;
            foreach (var entry in KustomizeImages.Entries(entries, path, "KustomizeImages", (_, _) => { }))
            {
                if ((entry.NewTag is not null && ImageString.IsTag(entry.NewTag, out _)) || (entry.NewTag is null && entry.Digest is not null))
                {
                    yield return ImageString.Compose(null, entry.NewName ?? entry.Name, entry.NewTag, entry.Digest);
                }
            }
        }
    }

    [GeneratedRegex(@"^\s*(-\s*)?image:\s*[""']?(?<image>[^\s""'#]+)", RegexOptions.CultureInvariant)]
    private static partial Regex ImageField();
}
