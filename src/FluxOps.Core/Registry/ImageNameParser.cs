using System.Text.RegularExpressions;

namespace FluxOps.Core.Registry;

/// <summary>
/// Parses image references exactly like docker/distribution's <c>reference.ParseNormalizedNamed</c>:
/// no registry means docker.io, a single-component Docker Hub name gets <c>library/</c>, the first path
/// component is a registry only when it contains '.' or ':' or is 'localhost' (or has upper case), and a bare
/// name implies the tag <c>latest</c>.
/// </summary>
internal static partial class ImageNameParser
{
    private const int MaxNameLength = 255;

    public static ImageName Parse(string reference)
    {
        if (!TryParse(reference, out var name, out var error))
        {
            throw new FormatException(error);
        }

        return name!;
    }

    public static bool TryParse(string? reference, out ImageName? name, out string error)
    {
        name = null;
        error = string.Empty;
        var original = reference ?? string.Empty;
        var text = original.Trim();
        if (text.Length == 0)
        {
            error = "The image reference is empty.";
            return false;
        }

        string? digest = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            text = text[..at];
            if (!IsValidDigest(digest, out error))
            {
                return false;
            }
        }

        string? tag = null;
        var lastColon = text.LastIndexOf(':');
        if (lastColon > text.LastIndexOf('/'))
        {
            tag = text[(lastColon + 1)..];
            text = text[..lastColon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"'{tag}' is not a valid tag: up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'.";
                return false;
            }
        }

        var (registry, path) = SplitRegistry(text);
        if (registry.Length > 0 && !DomainPattern().IsMatch(registry))
        {
            error = $"'{registry}' is not a valid registry host.";
            return false;
        }

        if (path.Length == 0)
        {
            error = "The image reference has no repository name.";
            return false;
        }

        if (path.Any(char.IsUpper))
        {
            error = $"The repository name '{path}' must be lower case.";
            return false;
        }

        if (path.Split('/').Any(component => !ComponentPattern().IsMatch(component)))
        {
            error = $"'{path}' is not a valid repository name: components of lower-case letters and digits separated by '.', '_', '__' or '-'.";
            return false;
        }

        if (registry == "index.docker.io")
        {
            registry = ImageName.DockerHub;
        }

        if (registry == ImageName.DockerHub && !path.Contains('/', StringComparison.Ordinal))
        {
            path = "library/" + path;
        }

        if ((registry + "/" + path).Length > MaxNameLength)
        {
            error = $"The repository name is longer than {MaxNameLength} characters.";
            return false;
        }

        if (tag is null && digest is null)
        {
            tag = "latest";
        }

        name = new ImageName(original, registry, path, tag, digest);
        return true;
    }

    private static (string Registry, string Path) SplitRegistry(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (ImageName.DockerHub, text);
        }

        var first = text[..slash];
        var isRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost" || !string.Equals(first, first.ToLowerInvariant(), StringComparison.Ordinal);
        return isRegistry ? (first, text[(slash + 1)..]) : (ImageName.DockerHub, text);
    }

    private static bool IsValidDigest(string digest, out string error)
    {
        error = string.Empty;
        var match = DigestPattern().Match(digest);
        if (!match.Success)
        {
            error = $"'{digest}' is not a valid digest: expected algorithm:hex, e.g. sha256:<64 hex digits>.";
            return false;
        }

        var algorithm = match.Groups["alg"].Value;
        var hex = match.Groups["hex"].Value;
        if (algorithm == "sha256" && hex.Length != 64)
        {
            error = $"'{digest}' is not a valid sha256 digest: it needs exactly 64 hex digits.";
            return false;
        }

        if (algorithm == "sha512" && hex.Length != 128)
        {
            error = $"'{digest}' is not a valid sha512 digest: it needs exactly 128 hex digits.";
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*$")]
    private static partial Regex ComponentPattern();

    [GeneratedRegex(@"^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^(?<alg>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):(?<hex>[0-9a-fA-F]{32,})$")]
    private static partial Regex DigestPattern();
}
