using System.Text.Json;

namespace FluxOps.Core.Registry;

/// <summary>Reads platforms from an index body, or from a single image's config, and matches os/arch[/variant].</summary>
internal static class PlatformInspector
{
    public static IReadOnlyList<string> FromIndex(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
        {
            return Array.Empty<string>();
        }

        var platforms = new List<string>();
        foreach (var entry in manifests.EnumerateArray())
        {
            if (entry.TryGetProperty("platform", out var platform) && Describe(platform) is { } text
                && text != "unknown/unknown" && !platforms.Contains(text))
            {
                platforms.Add(text);
            }
        }

        return platforms;
    }

    /// <summary>The config blob digest of a single-image manifest, or null.</summary>
    public static string? ConfigDigest(string manifestJson)
    {
        using var document = JsonDocument.Parse(manifestJson);
        return document.RootElement.TryGetProperty("config", out var config) && config.TryGetProperty("digest", out var digest)
            ? digest.GetString() : null;
    }

    /// <summary>os/architecture[/variant] from an image config blob (the same fields as an index's platform).</summary>
    public static string? FromConfig(string configJson)
    {
        using var document = JsonDocument.Parse(configJson);
        return Describe(document.RootElement);
    }

    /// <summary>True when <paramref name="available"/> offers <paramref name="wanted"/>; a wanted platform without variant matches any variant.</summary>
    public static bool Offers(IEnumerable<string> available, string wanted)
    {
        var want = wanted.ToLowerInvariant().Split('/');
        return available.Any(a =>
        {
            var have = a.ToLowerInvariant().Split('/');
            return have.Length >= 2 && want.Length >= 2 && have[0] == want[0] && have[1] == want[1]
                && (want.Length < 3 || (have.Length >= 3 && have[2] == want[2]));
        });
    }

    private static string? Describe(JsonElement platform)
    {
        if (platform.ValueKind != JsonValueKind.Object
            || !platform.TryGetProperty("os", out var os) || !platform.TryGetProperty("architecture", out var architecture))
        {
            return null;
        }

        var text = $"{os.GetString()}/{architecture.GetString()}";
        return platform.TryGetProperty("variant", out var variant) && variant.GetString() is { Length: > 0 } v ? text + "/" + v : text;
    }
}
