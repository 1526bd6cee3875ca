using System.Text.RegularExpressions;

namespace FluxOps.Core.Git;

/// <summary>
/// A Flux source revision as it appears in Kustomization status and events:
/// <c>main@sha1:&lt;sha&gt;</c>, <c>refs/heads/main@sha1:&lt;sha&gt;</c>, <c>sha1:&lt;sha&gt;</c>, the pre-2023 form
/// <c>main/&lt;sha&gt;</c>, or a plain sha/ref. The digest is the text after the LAST '@' because the pointer may
/// itself contain '@' and '/'.
/// </summary>
public sealed partial record FluxRevision(string Original, string? Pointer, string? Algorithm, string Commitish)
{
    /// <summary>True when <see cref="Commitish"/> is a full or abbreviated hex object id, not a ref name.</summary>
    public bool IsObjectId => HexPattern().IsMatch(Commitish);

    /// <summary>The branch name the pointer names (refs/heads/ stripped), when it names one.</summary>
    public string? Branch => Pointer is null ? null
        : Pointer.StartsWith("refs/heads/", StringComparison.Ordinal) ? Pointer["refs/heads/".Length..]
        : Pointer.StartsWith("refs/", StringComparison.Ordinal) || Pointer == "HEAD" ? null
        : Pointer;

    /// <summary>Parses a revision; throws <see cref="GitOperationException"/> (InvalidArgument) for OCI/bucket digests.</summary>
    public static FluxRevision Parse(string revision)
    {
        if (string.IsNullOrWhiteSpace(revision))
        {
            throw Invalid(revision ?? string.Empty, "The revision is empty.");
        }

        var text = revision.Trim();
        string? pointer = null;
        var digest = text;
        var at = text.LastIndexOf('@');
        if (at >= 0)
        {
            pointer = at == 0 ? null : text[..at];
            digest = text[(at + 1)..];
        }

        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var algorithm = digest[..colon].ToLowerInvariant();
            var checksum = digest[(colon + 1)..];
            if (algorithm is "sha256" or "sha384" or "sha512" or "blake3")
            {
                throw Invalid(text, $"'{text}' is a {algorithm} artifact digest (an OCIRepository, Bucket or Helm artifact), not a git commit. " +
                    "Use the Kustomization's originRevision or the GitRepository revision instead.");
            }

            if (algorithm != "sha1" || !HexPattern().IsMatch(checksum))
            {
                throw Invalid(text, $"'{text}' is not a Flux git revision: expected '<branch>@sha1:<sha>', 'sha1:<sha>' or a commit sha.");
            }

            return new FluxRevision(text, pointer, algorithm, checksum.ToLowerInvariant());
        }

        if (at >= 0)
        {
            // '<pointer>@<something>' without an algorithm: treat the tail as the commit-ish (e.g. 'main@abc1234').
            return new FluxRevision(text, pointer, null, digest);
        }

        // Legacy '<branch>/<40 hex>' (Flux before source-controller 0.35).
        var legacy = LegacyPattern().Match(text);
        if (legacy.Success)
        {
            return new FluxRevision(text, legacy.Groups["pointer"].Value, null, legacy.Groups["sha"].Value.ToLowerInvariant());
        }

        return new FluxRevision(text, null, null, text);
    }

    private static GitOperationException Invalid(string text, string message) =>
        new("RevisionInvalid", GitFailureKind.InvalidArgument, message, text);

    [GeneratedRegex("^[0-9a-fA-F]{4,64}$")]
    private static partial Regex HexPattern();

    [GeneratedRegex("^(?<pointer>.+)/(?<sha>[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$")]
    private static partial Regex LegacyPattern();
}
