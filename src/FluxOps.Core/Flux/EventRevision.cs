using System.Text.RegularExpressions;

namespace FluxOps.Core.Flux;

/// <summary>What a Flux revision string names.</summary>
public enum EventRevisionKind
{
    /// <summary>No revision at all (e.g. AccessDenied events carry none).</summary>
    None,
    /// <summary>A git commit: <c>main@sha1:&lt;sha&gt;</c>, <c>sha1:&lt;sha&gt;</c> or legacy <c>main/&lt;sha&gt;</c>.</summary>
    GitCommit,
    /// <summary>An OCI artifact or bucket checksum (<c>tag@sha256:&lt;digest&gt;</c>): not a git commit.</summary>
    Digest,
    /// <summary>A plain version without a digest, as a HelmRelease reports its chart version.</summary>
    Version,
}

/// <summary>
/// A parsed Flux revision. Grammar (flux2 RFC-0005): <c>[ pointer ] [ [ "@" ] algo ":" checksum ]</c>; the checksum part
/// is the text after the last <c>@</c>, the pointer may itself contain <c>/</c> and <c>@</c>. Source-controller before
/// v0.35 wrote <c>main/&lt;sha&gt;</c> and <c>tag/&lt;sha256hex&gt;</c>; both are still understood.
/// </summary>
public sealed partial record EventRevision(string Raw, EventRevisionKind Kind, string? Pointer, string? Algorithm, string? Checksum)
{
    public static readonly EventRevision Empty = new(string.Empty, EventRevisionKind.None, null, null, null);

    /// <summary>The git commit sha when <see cref="Kind"/> is <see cref="EventRevisionKind.GitCommit"/>.</summary>
    public string? Sha => Kind == EventRevisionKind.GitCommit ? Checksum : null;

    /// <summary>
    /// The branch the pointer names: <c>refs/heads/</c> is dropped, tags (<c>refs/tags/...</c>) and <c>HEAD</c> are not
    /// branches. A bare pointer such as <c>v1.0.0</c> cannot be told apart from a branch and is returned as is.
    /// </summary>
    public string? Branch
    {
        get
        {
            if (Kind != EventRevisionKind.GitCommit || string.IsNullOrEmpty(Pointer) || Pointer == "HEAD" ||
                Pointer.StartsWith("refs/tags/", StringComparison.Ordinal))
            {
                return null;
            }

            return Pointer.StartsWith("refs/heads/", StringComparison.Ordinal) ? Pointer["refs/heads/".Length..] : Pointer;
        }
    }

    public static EventRevision Parse(string? revision)
    {
        if (string.IsNullOrWhiteSpace(revision))
        {
            return Empty;
        }

        var text = revision.Trim();
        var at = text.LastIndexOf('@');
        var digestPart = at >= 0 ? text[(at + 1)..] : text;
        var pointer = at >= 0 ? text[..at] : null;
        var colon = digestPart.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && AlgorithmPattern().IsMatch(digestPart[..colon]))
        {
            var algorithm = digestPart[..colon].ToLowerInvariant();
            var checksum = digestPart[(colon + 1)..].ToLowerInvariant();
            var kind = algorithm == "sha1" && GitShaPattern().IsMatch(checksum) ? EventRevisionKind.GitCommit : EventRevisionKind.Digest;
            return new EventRevision(text, kind, string.IsNullOrEmpty(pointer) ? null : pointer, algorithm, checksum);
        }

        // Legacy "<pointer>/<hex>": 40 hex digits is a git commit, 64 an OCI/bucket sha256.
        var slash = text.LastIndexOf('/');
        if (slash > 0)
        {
            var tail = text[(slash + 1)..];
            if (GitShaPattern().IsMatch(tail) && tail.Length == 40)
            {
                return new EventRevision(text, EventRevisionKind.GitCommit, text[..slash], "sha1", tail.ToLowerInvariant());
            }

            if (Sha256Pattern().IsMatch(tail))
            {
                return new EventRevision(text, EventRevisionKind.Digest, text[..slash], "sha256", tail.ToLowerInvariant());
            }
        }

        return new EventRevision(text, EventRevisionKind.Version, text, null, null);
    }

    public override string ToString() => Raw;

    [GeneratedRegex("^(sha1|sha256|sha384|sha512|blake3)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AlgorithmPattern();

    [GeneratedRegex("^[0-9a-fA-F]{40}([0-9a-fA-F]{24})?$", RegexOptions.CultureInvariant)]
    private static partial Regex GitShaPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();
}
