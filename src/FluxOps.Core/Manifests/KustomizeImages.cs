using System.Text.RegularExpressions;

namespace FluxOps.Core.Manifests;

/// <summary>One <c>images:</c> entry of a kustomization (or Flux Kustomization <c>spec.images</c>), with where it is written.</summary>
internal sealed record KustomizeImageEntry(string Name, string? NewName, string? NewTag, string? Digest, string? TagSuffix, string File, int Line, int Column, string Source)
{
    /// <summary>What the entry would deploy for an image written as <paramref name="value"/>, or null when it does not match.</summary>
    public string? Apply(string value) => KustomizeImages.Apply(this, value);
}

/// <summary>
/// Kustomize's images transformer, re-created from <c>api/filters/imagetag/updater.go</c> and <c>api/internal/image</c>:
/// <c>name</c> is matched against the image name as a regular expression that also admits a tag and a digest;
/// <c>newName</c> keeps the written tag and digest; <c>newTag</c> with <c>digest</c> gives both; <c>newTag</c> alone drops
/// the digest; <c>digest</c> alone drops the tag; <c>tagSuffix</c> is appended only when neither is set. Keys are matched
/// case-insensitively (<c>Digest:</c> works), as Kustomize's JSON decoding does.
/// </summary>
internal static partial class KustomizeImages
{
    /// <summary>Reads an <c>images:</c> list; entries without a name are skipped with a notice.</summary>
    public static List<KustomizeImageEntry> Entries(YamlTreeNode? images, string file, string source, Action<int, string> skip)
    {
        var entries = new List<KustomizeImageEntry>();
        if (images is not YamlSequenceNode list)
        {
            return entries;
        }

        foreach (var item in list.Items)
        {
            if (item is not YamlMappingNode entry)
            {
                continue;
            }

            var name = Field(entry, "name");
            if (name is null)
            {
                skip(entry.Line, $"{source}: an images entry without name matches nothing");
                continue;
            }

            entries.Add(new KustomizeImageEntry(name, Field(entry, "newName"), Field(entry, "newTag"), Field(entry, "digest"), Field(entry, "tagSuffix"),
                file, entry.Line, entry.Column, source));
        }

        return entries;
    }

    /// <summary>Kustomize's imageTagUpdater.SetImageValue for one value.</summary>
    public static string? Apply(KustomizeImageEntry entry, string value)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!IsImageMatched(value, entry.Name))
        {
            return null;
        }

        var (name, tag, digest) = Split(value);
        if (!string.IsNullOrEmpty(entry.NewName))
        {
            name = entry.NewName;
        }

        if (!string.IsNullOrEmpty(entry.NewTag) && !string.IsNullOrEmpty(entry.Digest))
        {
            (tag, digest) = (entry.NewTag, entry.Digest);
        }
        else if (!string.IsNullOrEmpty(entry.NewTag))
        {
            (tag, digest) = (entry.NewTag, string.Empty);
        }
        else if (!string.IsNullOrEmpty(entry.Digest))
        {
            (tag, digest) = (string.Empty, entry.Digest);
        }
        else if (!string.IsNullOrEmpty(entry.TagSuffix))
        {
            (tag, digest) = (tag + entry.TagSuffix, string.Empty);
        }

        return name + (tag.Length > 0 ? ":" + tag : string.Empty) + (digest.Length > 0 ? "@" + digest : string.Empty);
    }

    /// <summary>
    /// Kustomize's IsImageMatched: <paramref name="name"/> is spliced into a regular expression as written (so '.' matches
    /// any character there too); a name that is not a valid expression matches nothing.
    /// </summary>
    public static bool IsImageMatched(string value, string name)
    {
        var pattern = Patterns.GetOrAdd(name, static n =>
        {
            try
            {
                return new Regex("^" + n + @"(:[a-zA-Z0-9_.{}-]*)?(@[a-zA-Z0-9]+([.+_-][a-zA-Z0-9]+)*:[a-zA-Z0-9_.{}-]*)?\z",
                    RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException)
            {
                return null;
            }
        });
        try
        {
            return pattern?.IsMatch(value) ?? false;
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Helm post-renderer entries: the chart is not rendered here, so an entry stands for the image it would deploy:
    /// <c>newName</c> (else <c>name</c>) with <c>newTag</c> and/or <c>digest</c>, reported at the entry's line.
    /// </summary>
    public static void ReportEntries(YamlTreeNode? images, string source, string path, ImageSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var entry in Entries(images, sink.File, source, sink.Skip))
        {
            var name = entry.NewName ?? entry.Name;
            if (entry.NewTag is null && entry.Digest is null)
            {
                sink.Skip(entry.Line, $"{source}: '{name}' sets no newTag or digest; the chart's tag applies");
                continue;
            }

            if (entry.NewTag is not null && !ImageString.IsTag(entry.NewTag, out var whyNot))
            {
                sink.Skip(entry.Line, $"{source}: '{name}' {whyNot}");
                continue;
            }

            sink.AddString(ImageString.Compose(null, name, entry.NewTag, entry.Digest), entry.Line, entry.Column, source, $"{path}[{entry.Name}]");
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex?> Patterns = new(StringComparer.Ordinal);

    /// <summary>Kustomize's image.Split: name, tag and digest, looking for ':' and '@' only after the first '/'.</summary>
    public static (string Name, string Tag, string Digest) Split(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var slash = image.IndexOf('/', StringComparison.Ordinal);
        var offset = slash > 0 ? slash : 0;
        var search = image[offset..];
        var at = search.IndexOf('@', StringComparison.Ordinal);
        var colon = search.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 && at < 0)
        {
            return (image, string.Empty, string.Empty);
        }

        if (at >= 0 && (at < colon || colon < 0))
        {
            return (image[..(offset + at)], string.Empty, image[(offset + at + 1)..]);
        }

        if (at >= 0)
        {
            return (image[..(offset + colon)], image[(offset + colon + 1)..(offset + at)], image[(offset + at + 1)..]);
        }

        return (image[..(offset + colon)], image[(offset + colon + 1)..], string.Empty);
    }

    /// <summary>
    /// How many times Kustomize applies one images entry to an image at <paramref name="yamlPath"/> (dotted, list items in
    /// brackets) of an object of <paramref name="kind"/>: once by the legacy pass (any <c>containers</c>/<c>initContainers</c>
    /// list anywhere) and once more by the field-spec pass (pod spec and pod template paths). Both passes run, so a pod
    /// template container gets a <c>tagSuffix</c> twice, exactly as kubectl and Flux render it.
    /// </summary>
    public static int Passes(string? kind, string yamlPath)
    {
        if (kind == "CustomResourceDefinition")
        {
            return 0;
        }

        return (LegacyPath().IsMatch(yamlPath) ? 1 : 0) + (FieldSpecPath().IsMatch(yamlPath) ? 1 : 0);
    }

    // An exact key wins; otherwise the last key that matches ignoring case (Go's encoding/json).
    private static string? Field(YamlMappingNode entry, string key)
    {
        if (entry.Text(key) is { } exact)
        {
            return exact;
        }

        string? found = null;
        foreach (var (k, v) in entry.Entries)
        {
            if (k is YamlScalarNode s && string.Equals(s.Value, key, StringComparison.OrdinalIgnoreCase)
                && v is YamlScalarNode { Value.Length: > 0 } value && !YamlMappingNode.IsNull(value))
            {
                found = value.Value;
            }
        }

        return found;
    }

    [GeneratedRegex(@"(?:^|\.)(?:containers|initContainers)\[[^\]]*\]\.image$", RegexOptions.CultureInvariant)]
    private static partial Regex LegacyPath();

    [GeneratedRegex(@"^spec\.(?:template\.spec\.)?(?:(?:containers|initContainers)\[[^\]]*\]\.image|volumes\[[^\]]*\]\.image\.reference)$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldSpecPath();
}
