using System.Text.RegularExpressions;
using FluxOps.Core.Registry;

namespace FluxOps.Core.Manifests;

/// <summary>An image reference split into its parts; <see cref="Image"/> is the text as the repository writes it.</summary>
internal sealed record ImageParts(string Image, string Registry, string Repository, string? Tag, string? Digest)
{
    public bool ImpliesLatest => Tag is null && Digest is null;
}

/// <summary>
/// Decides what in a manifest is an image reference: the registry client's grammar plus the placeholder and template
/// rules that only matter when reading YAML written by people and CI.
/// </summary>
internal static partial class ImageString
{
    /// <summary>True when <paramref name="text"/> is meant as a reference (not blank, no template syntax) yet is not a valid one.</summary>
    public static bool IsInvalidReference(string? text)
    {
        var image = text?.Trim() ?? string.Empty;
        return image.Length > 0 && TemplateSyntax(image) is null && !TryParse(image, out _, out _);
    }

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

        if (TemplateSyntax(image) is { } syntax)
        {
            whyNot = $"'{Shorten(image)}' holds template syntax ('{syntax}'): it is rendered later, so it is not checked here";
            return false;
        }

        // The grammar and normalization are the registry client's, so what is extracted is exactly what Test-ImageTag asks.
        if (image.Length > MaxReferenceLength)
        {
            whyNot = $"'{Shorten(image)}' is not a valid image reference: longer than {MaxReferenceLength} characters";
            return false;
        }

        if (!ImageNameParser.TryParse(image, out var name, out var error))
        {
            whyNot = $"'{Shorten(image)}' is not a valid image reference: {error}";
            return false;
        }

        // The registry client fills in "latest" for a bare name; here the reference keeps what was written.
        var nameOnly = image.Split('@')[0];
        var writtenTag = nameOnly.LastIndexOf(':') > nameOnly.LastIndexOf('/') ? name!.Tag : null;
        if (writtenTag is not null && !IsTag(writtenTag, out whyNot))
        {
            return false;
        }

        parts = new ImageParts(image, name!.Registry, name.Repository, writtenTag, name.Digest);
        return true;
    }

    /// <summary>True for a usable tag; false (with the reason) for invalid tags and CI placeholders like CONTAINER_IMAGES_TAG.</summary>
    public static bool IsTag(string tag, out string whyNot)
    {
        whyNot = string.Empty;
        if (!TagPattern().IsMatch(tag))
        {
            whyNot = TemplateSyntax(tag) is { } syntax
                ? $"tag '{Shorten(tag)}' holds template syntax ('{syntax}'): it is rendered later, so it is not checked here"
                : $"tag '{Shorten(tag)}' is not a valid image reference tag (up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-')";
            return false;
        }

        if (PlaceholderPattern().IsMatch(tag))
        {
            whyNot = $"tag '{tag}' is an ALL_CAPS CI placeholder (substituted by the pipeline), not a tag";
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

    /// <summary>
    /// The template syntax a value holds, or null: Helm/Go templates (<c>{{ }}</c>), Flux post-build substitution
    /// (<c>${VAR}</c>) and Kustomize vars (<c>$(VAR)</c>). Only such a value is skipped, never the file around it.
    /// </summary>
    public static string? TemplateSyntax(string value)
    {
        foreach (var marker in TemplateMarkers)
        {
            if (value.Contains(marker, StringComparison.Ordinal))
            {
                return marker;
            }
        }

        return null;
    }

    private const int MaxReferenceLength = 1024;

    private static readonly string[] TemplateMarkers = ["{{", "}}", "${", "$("];

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex TagPattern();

    // ALL_CAPS_WITH_UNDERSCORES (CONTAINER_IMAGES_TAG, IMAGE_TAG): substituted by CI, never a real tag.
    [GeneratedRegex(@"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")]
    private static partial Regex PlaceholderPattern();
}
