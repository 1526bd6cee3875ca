using System.Text.RegularExpressions;

namespace FluxOps.Core.Registry;

/// <summary>
/// The one image reference grammar (Get-ChangedImages and Test-ImageTag both use it), following
/// distribution/reference v0.6 <c>ParseNormalizedNamed</c>: no registry means docker.io, a single-component Docker Hub
/// name gets <c>library/</c>, the first component is a registry when it contains '.' or ':', is 'localhost' or has upper
/// case; a registry may be a bracketed IPv6 address; the 255-character limit counts the repository path only; digests
/// use a registered algorithm (sha256, sha384, sha512) with its exact lower-case hex length; a bare 64-hex string is
/// refused because it is ambiguous with an image ID. A bare name implies the tag <c>latest</c>.
/// </summary>
internal static partial class ImageNameParser
{
    /// <summary>distribution/reference's RepositoryNameTotalLengthMax: the path, not the domain.</summary>
    private const int MaxPathLength = 255;

    private static readonly Dictionary<string, int> RegisteredDigests = new(StringComparer.Ordinal)
    {
        ["sha256"] = 64,
        ["sha384"] = 96,
        ["sha512"] = 128,
    };

    public static ImageName Parse(string reference)
    {
        if (!TryParse(reference, out var name, out var error))
        {
            throw new FormatException(error);
        }

        return name!;
    }

    /// <summary>On failure <paramref name="error"/> says why, in words that follow "not a valid image reference: ".</summary>
    public static bool TryParse(string? reference, out ImageName? name, out string error)
    {
        name = null;
        var original = reference ?? string.Empty;
        var text = original.Trim();
        if (!TryParseCore(text, out var registry, out var path, out var tag, out var digest, out error))
        {
            return false;
        }

        if (tag is null && digest is null)
        {
            tag = "latest";
        }

        name = new ImageName(original, registry, path, tag, digest);
        return true;
    }

    private static bool TryParseCore(string text, out string registry, out string path, out string? tag, out string? digest, out string error)
    {
        (registry, path, tag, digest, error) = (string.Empty, string.Empty, null, null, string.Empty);
        if (text.Length == 0)
        {
            error = "the reference is empty";
            return false;
        }

        if (IdentifierPattern().IsMatch(text))
        {
            error = "a bare 64-character hex string is ambiguous with an image ID; write the repository name, e.g. name@sha256:<hex>";
            return false;
        }

        var (domain, remainder) = SplitDockerDomain(text);
        var remote = remainder.Split(':')[0];
        if (!string.Equals(remote.ToLowerInvariant(), remote, StringComparison.Ordinal))
        {
            error = $"the repository name '{remote.Split('@')[0]}' must be lower case";
            return false;
        }

        var match = ReferencePattern().Match(domain + "/" + remainder);
        if (!match.Success)
        {
            error = ExplainInvalid(domain, remainder);
            return false;
        }

        registry = match.Groups["domain"].Value;
        path = match.Groups["path"].Value;
        tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : null;
        digest = match.Groups["digest"].Success ? match.Groups["digest"].Value : null;
        if (path.Length > MaxPathLength)
        {
            error = $"the repository path is {path.Length} characters long; at most {MaxPathLength} are allowed";
            return false;
        }

        return digest is null || IsRegisteredDigest(digest, out error);
    }

    /// <summary>distribution/reference's splitDockerDomain: where the registry ends and what docker.io implies.</summary>
    private static (string Domain, string Remainder) SplitDockerDomain(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        string domain;
        string remainder;
        if (slash < 0)
        {
            (domain, remainder) = (ImageName.DockerHub, name);
        }
        else
        {
            var first = name[..slash];
            var rest = name[(slash + 1)..];
            (domain, remainder) = first switch
            {
                "localhost" => (first, rest),
                "index.docker.io" => (ImageName.DockerHub, rest),
                _ when first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) => (first, rest),
                _ when !string.Equals(first.ToLowerInvariant(), first, StringComparison.Ordinal) => (first, rest),
                _ => (ImageName.DockerHub, name),
            };
        }

        if (domain == ImageName.DockerHub && !remainder.Contains('/', StringComparison.Ordinal))
        {
            remainder = "library/" + remainder;
        }

        return (domain, remainder);
    }

    private static bool IsRegisteredDigest(string digest, out string error)
    {
        error = string.Empty;
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var algorithm = digest[..colon];
        var hex = digest[(colon + 1)..];
        if (!RegisteredDigests.TryGetValue(algorithm, out var length))
        {
            error = $"digest algorithm '{algorithm}' is not a registered one (sha256, sha384, sha512)";
            return false;
        }

        if (hex.Length != length || !LowerHexPattern().IsMatch(hex))
        {
            error = $"a {algorithm} digest needs exactly {length} lower-case hex digits; '{Shorten(digest)}' has {hex.Length}";
            return false;
        }

        return true;
    }

    // The grammar failed as a whole: name the part that is wrong, in the order a reader looks at them.
    private static string ExplainInvalid(string domain, string remainder)
    {
        var at = remainder.IndexOf('@', StringComparison.Ordinal);
        var nameAndTag = at < 0 ? remainder : remainder[..at];
        if (at >= 0 && !DigestPattern().IsMatch(remainder[(at + 1)..]))
        {
            return $"'{Shorten(remainder[(at + 1)..])}' is not a digest (algorithm:hex, e.g. sha256:<64 hex digits>)";
        }

        var colon = nameAndTag.LastIndexOf(':');
        var path = nameAndTag;
        if (colon >= 0)
        {
            var tag = nameAndTag[(colon + 1)..];
            if (!TagPattern().IsMatch(tag))
            {
                return $"'{Shorten(tag)}' is not a tag (up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-')";
            }

            path = nameAndTag[..colon];
        }

        if (!DomainPattern().IsMatch(domain))
        {
            return $"'{Shorten(domain)}' is not a registry host (a DNS name or a bracketed IPv6 address, optionally with :port)";
        }

        return $"'{Shorten(path)}' is not a repository path (components of lower-case letters and digits separated by '.', '_', '__' or '-', joined by '/')";
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private const string DomainGrammar =
        @"(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?";

    private const string PathGrammar = @"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*)*";

    private const string DigestGrammar = @"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    [GeneratedRegex("^(?<domain>" + DomainGrammar + ")/(?<path>" + PathGrammar + @")(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>" + DigestGrammar + @"))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("^" + DomainGrammar + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();

    [GeneratedRegex("^" + DigestGrammar + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-f0-9]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex(@"^[a-f0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex LowerHexPattern();
}
