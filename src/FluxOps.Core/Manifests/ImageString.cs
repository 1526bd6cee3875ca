using System.Text.RegularExpressions;

namespace FluxOps.Core.Manifests;

/// <summary>An image reference split into its parts; <see cref="Image"/> is the text as the repository writes it.</summary>
internal sealed record ImageParts(string Image, string Registry, string Repository, string? Tag, string? Digest)
{
    public bool ImpliesLatest => Tag is null && Digest is null;
}

/// <summary>
/// Minimal reference grammar (distribution/reference) for deciding what is an image and splitting it.
/// Kept inside Manifests so extraction does not depend on the Registry code; the two can be unified later.
/// </summary>
internal static partial class ImageString
{
    public const string DockerHub = "docker.io";

    /// <summary>Splits <paramref name="text"/>; on failure <paramref name="whyNot"/> says why it is not an image.</summary>
    public static bool TryParse(string? text, out ImageParts? parts, out string whyNot)
    {
        parts = null;
        whyNot = string.Empty;
        var image = text?.Trim() ?? string.Empty;
        if (image.Length == 0)
        {
            whyNot = "empty";
            return false;
        }

        if (image.Length > 1024 || NotReferenceCharacters().IsMatch(image))
        {
            whyNot = $"'{Shorten(image)}' is a placeholder, template or pattern, not an image reference";
            return false;
        }

        string? digest = null;
        var name = image;
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = image[(at + 1)..];
            name = image[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                whyNot = $"'{Shorten(image)}' has an invalid digest";
                return false;
            }
        }

        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
            if (!IsTag(tag, out whyNot))
            {
                return false;
            }
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? string.Empty : name[..slash];
        var hasRegistry = slash > 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost");
        var registry = hasRegistry ? first : DockerHub;
        var repository = hasRegistry ? name[(slash + 1)..] : name;
        if (!RepositoryPattern().IsMatch(repository) || (hasRegistry && !RegistryPattern().IsMatch(registry)))
        {
            whyNot = $"'{Shorten(image)}' is not a valid image name";
            return false;
        }

        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal))
        {
            repository = "library/" + repository;
        }

        parts = new ImageParts(image, registry, repository, tag, digest);
        return true;
    }

    /// <summary>True for a usable tag; false (with the reason) for invalid tags and CI placeholders like CONTAINER_IMAGES_TAG.</summary>
    public static bool IsTag(string tag, out string whyNot)
    {
        whyNot = string.Empty;
        if (!TagPattern().IsMatch(tag))
        {
            whyNot = $"tag '{Shorten(tag)}' is not a valid tag (placeholder or template?)";
            return false;
        }

        if (PlaceholderPattern().IsMatch(tag))
        {
            whyNot = $"tag '{tag}' is a placeholder, not a tag";
            return false;
        }

        return true;
    }

    /// <summary>Combines Helm/Kustomize style parts into <c>registry/repository:tag@digest</c>.</summary>
    public static string Compose(string? registry, string repository, string? tag, string? digest)
    {
        var name = string.IsNullOrEmpty(registry) ? repository : registry.TrimEnd('/') + "/" + repository.TrimStart('/');
        if (!string.IsNullOrEmpty(tag))
        {
            name += ":" + tag;
        }

        if (!string.IsNullOrEmpty(digest))
        {
            name += "@" + digest;
        }

        return name;
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    [GeneratedRegex(@"[\s${}<>*?\[\]""'|,]")]
    private static partial Regex NotReferenceCharacters();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    // ALL_CAPS_WITH_UNDERSCORES (CONTAINER_IMAGES_TAG, IMAGE_TAG): substituted by CI, never a real tag.
    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$")]
    private static partial Regex RegistryPattern();
}
