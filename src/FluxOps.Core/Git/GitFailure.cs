using System.Text.RegularExpressions;

namespace FluxOps.Core.Git;

/// <summary>
/// Turns what libgit2 or the system git said about a failed fetch or push into one of four errors a user can act on,
/// the same for both transports: the remote needs credentials and none were given; it refused the ones given; there is
/// no repository at that URL; it could not be reached. "Check -Credential" is never said when none were given, and
/// "give credentials" never when some were.
/// </summary>
internal static class GitFailure
{
    // libgit2: a 404 on info/refs; git: "repository '<url>' not found"; ssh or a path: "does not appear to be a git repository".
    private static readonly string[] NotFound = ["404", "not found", "does not appear to be a git repository"];

    // libgit2 with no credential to offer; git with prompts off and nothing from a helper.
    private static readonly string[] NothingOffered = ["could not find appropriate mechanism for credentials", "could not read username", "terminal prompts disabled"];

    // libgit2 after the offered credential came back refused ("too many ... authentication replays"); git; ssh keys.
    private static readonly string[] Refused =
    [
        "authentication replays", "authentication failed", "permission denied", "401", "403", "unauthorized", "forbidden", "credentials",
    ];

    private static readonly string[] Unreachable =
    [
        "connect", "could not resolve", "failed to resolve", "timed out", "unreachable", "refused", "could not read from remote",
    ];

    /// <param name="message">What the transport said, already redacted.</param>
    /// <param name="safeUrl">The remote's URL without credentials.</param>
    /// <param name="operation">fetch or push.</param>
    /// <param name="offered">Where the credentials came from ("-Credential", "your git credential helper"), or null when
    /// none were offered by FluxOps (the system git may still have asked its own helpers).</param>
    /// <param name="ssh">An SSH remote: the credentials are the keys ssh offers.</param>
    public static GitOperationException Classify(string message, string safeUrl, string operation, string? offered, bool ssh = false)
    {
        ArgumentNullException.ThrowIfNull(message);
        var lower = WithoutNames(message).ToLowerInvariant();
        if (Has(lower, NotFound))
        {
            return new GitOperationException("GitRepositoryNotFound", FailureKind.ObjectNotFound,
                $"There is no repository at {safeUrl} ({message}). Check the URL{(ssh ? " and the path on the server" : string.Empty)}.", safeUrl);
        }

        if (!ssh && (Has(lower, NothingOffered) || (offered is null && Has(lower, ["401"]))))
        {
            return new GitOperationException("GitAuthenticationRequired", FailureKind.AuthenticationFailed,
                $"The remote {safeUrl} needs credentials for {operation} and none were given ({message}). " +
                "Pass -Credential (user name and token), or set up a git credential helper for this host.", safeUrl);
        }

        if (Has(lower, Refused))
        {
            var whose = ssh ? "the SSH key ssh offered (agent, ~/.ssh or core.sshCommand)"
                : offered is null ? "the credentials git found (a credential helper or the URL)"
                : $"the credentials from {offered}";
            return new GitOperationException("GitAuthenticationFailed", FailureKind.AuthenticationFailed,
                $"The remote {safeUrl} refused {whose} during {operation} ({message}). " +
                $"Check the user name and token, and that this account may {(operation == "push" ? "push to" : "read")} the repository.", safeUrl);
        }

        if (Has(lower, Unreachable))
        {
            return new GitOperationException("GitRemoteUnreachable", FailureKind.ConnectionFailed,
                $"Could not reach the remote {safeUrl} during {operation}: {message}", safeUrl);
        }

        return new GitOperationException("GitRemoteFailed", FailureKind.InvalidOperation, $"git {operation} to {safeUrl} failed: {message}", safeUrl);
    }

    /// <summary>
    /// The message without quoted names and URLs, so a port such as 127.0.0.1:34041 or a repository called 404-pages
    /// never reads as a status code.
    /// </summary>
    private static string WithoutNames(string message) =>
        Regex.Replace(message, @"'[^']*'|""[^""]*""|\b[A-Za-z][A-Za-z0-9+.-]*://\S*|\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?", " ", RegexOptions.None, TimeSpan.FromSeconds(1));

    /// <summary>Words match anywhere; a status code only as a number of its own ("port 44011" holds no 401).</summary>
    private static bool Has(string text, string[] needles) => needles.Any(n => n.All(char.IsAsciiDigit)
        ? Regex.IsMatch(text, $"(?<![0-9]){n}(?![0-9])", RegexOptions.None, TimeSpan.FromSeconds(1))
        : text.Contains(n, StringComparison.Ordinal));
}
