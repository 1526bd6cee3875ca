using System.Text.RegularExpressions;
using FluxOps.Models;

namespace FluxOps.Core.Flux;

/// <summary>
/// The one parser of Flux revision strings, for events and for Get-FluxBadCommit alike. Grammar (flux2 RFC-0005):
/// <c>[ pointer ] [ [ "@" ] algo ":" checksum ]</c>; the checksum part is the text after the last <c>@</c>, the pointer
/// may itself contain <c>/</c> and <c>@</c>. Source-controller before v0.35 wrote <c>main/&lt;sha&gt;</c> and
/// <c>tag/&lt;sha256hex&gt;</c>; both are still understood. A bare 40- or 64-hex string is a commit (SHA-1 or SHA-256
/// object format), never a chart version. Parsing never throws; <see cref="ToCommitish"/> refuses what is not git.
/// </summary>
internal sealed partial record FluxRevision(string Raw, RevisionKind Kind, string? Pointer, string? Algorithm, string? Checksum)
{
    public static readonly FluxRevision Empty = new(string.Empty, RevisionKind.None, null, null, null);

    /// <summary>The git commit sha when <see cref="Kind"/> is <see cref="RevisionKind.GitCommit"/>.</summary>
    public string? Sha => Kind == RevisionKind.GitCommit ? Checksum : null;

    /// <summary>
    /// The branch the pointer names: <c>refs/heads/</c> is dropped; tags, other refs and <c>HEAD</c> are not branches.
    /// A bare pointer such as <c>v1.0.0</c> cannot be told apart from a branch and is returned as is.
    /// </summary>
    public string? Branch
    {
        get
        {
            if (Kind is RevisionKind.None or RevisionKind.Digest || string.IsNullOrEmpty(Pointer) || Pointer == "HEAD" || Pointer == Raw)
            {
                return null;
            }

            return Pointer.StartsWith("refs/heads/", StringComparison.Ordinal) ? Pointer["refs/heads/".Length..]
                : Pointer.StartsWith("refs/", StringComparison.Ordinal) ? null
                : Pointer;
        }
    }

    /// <summary>
    /// What to look up in a repository: the sha of a git revision, or the text itself (a ref, a short sha, <c>HEAD~2</c>);
    /// for <c>pointer@text</c> the text after the last <c>@</c>. Throws <see cref="FluxOpsException"/> RevisionInvalid for
    /// artifact digests and empty input.
    /// </summary>
    public string ToCommitish()
    {
        switch (Kind)
        {
            case RevisionKind.GitCommit:
                return Checksum!;
            case RevisionKind.None:
                throw Invalid("The revision is empty.");
            case RevisionKind.Digest when Algorithm == "sha1":
                throw Invalid($"'{Raw}' is not a Flux git revision: expected '<branch>@sha1:<sha>', 'sha1:<sha>' or a commit sha.");
            case RevisionKind.Digest:
                throw Invalid($"'{Raw}' is a {Algorithm} artifact digest (an OCIRepository, Bucket or Helm artifact), not a git commit. " +
                    "Use the Kustomization's originRevision or the GitRepository revision instead.");
            default:
                var at = Raw.LastIndexOf('@');
                return at > 0 && at < Raw.Length - 1 ? Raw[(at + 1)..] : Raw;
        }
    }

    public static FluxRevision Parse(string? revision)
    {
        if (string.IsNullOrWhiteSpace(revision))
        {
            return Empty;
        }

        var text = revision.Trim();
        if (FullShaPattern().IsMatch(text))
        {
            return new FluxRevision(text, RevisionKind.GitCommit, null, text.Length == 40 ? "sha1" : "sha256", text.ToLowerInvariant());
        }

        var at = text.LastIndexOf('@');
        var digestPart = at >= 0 ? text[(at + 1)..] : text;
        var pointer = at > 0 ? text[..at] : null;
        var colon = digestPart.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && AlgorithmPattern().IsMatch(digestPart[..colon]))
        {
            var algorithm = digestPart[..colon].ToLowerInvariant();
            var checksum = digestPart[(colon + 1)..].ToLowerInvariant();
            var kind = algorithm == "sha1" && AbbreviatedShaPattern().IsMatch(checksum) ? RevisionKind.GitCommit : RevisionKind.Digest;
            return new FluxRevision(text, kind, pointer, algorithm, checksum);
        }

        // Legacy "<pointer>/<hex>": 40 hex digits is a git commit, 64 an OCI/bucket sha256.
        var slash = text.LastIndexOf('/');
        if (slash > 0 && at < 0)
        {
            var tail = text[(slash + 1)..];
            if (tail.Length == 40 && FullShaPattern().IsMatch(tail))
            {
                return new FluxRevision(text, RevisionKind.GitCommit, text[..slash], "sha1", tail.ToLowerInvariant());
            }

            if (tail.Length == 64 && FullShaPattern().IsMatch(tail))
            {
                return new FluxRevision(text, RevisionKind.Digest, text[..slash], "sha256", tail.ToLowerInvariant());
            }
        }

        return new FluxRevision(text, RevisionKind.Version, pointer ?? text, null, null);
    }

    /// <summary>
    /// The git revision a Flux event names (what <c>ConvertFrom-FluxEvent | Get-FluxBadCommit</c> looks up). An event
    /// without one — no revision, an OCI/bucket digest, a HelmRelease chart version — is RevisionInvalid, with what to
    /// use instead.
    /// </summary>
    public static string OfEvent(FluxEvent flux)
    {
        ArgumentNullException.ThrowIfNull(flux);
        var source = $"{flux.Kind}/{flux.Namespace}/{flux.Name}";
        var revision = Parse(flux.Revision);
        return revision.Kind switch
        {
            RevisionKind.GitCommit => revision.Raw,
            RevisionKind.None => throw new FluxOpsException("RevisionInvalid", FailureKind.InvalidArgument,
                $"The event for {source} carries no revision (reason {flux.Reason}), so it names no commit. Give -Revision, or -Include with the object's path.", source),
            RevisionKind.Version => throw new FluxOpsException("RevisionInvalid", FailureKind.InvalidArgument,
                $"The event for {source} names '{revision.Raw}', a chart version, not a git commit. Look for the commits that changed the object instead: -Include <path of its manifest>.", revision.Raw),
            _ => revision.ToCommitish(),
        };
    }

    public override string ToString() => Raw;

    private FluxOpsException Invalid(string message) => new("RevisionInvalid", FailureKind.InvalidArgument, message, Raw);

    [GeneratedRegex("^(sha1|sha256|sha384|sha512|blake3)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AlgorithmPattern();

    [GeneratedRegex("^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex FullShaPattern();

    [GeneratedRegex("^[0-9a-fA-F]{4,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex AbbreviatedShaPattern();
}
