using System.Text.RegularExpressions;

namespace FluxOps.Core.Git;

/// <summary>
/// A user name and password or token for an HTTPS remote. ToString never shows the secret; <see cref="Redact"/>
/// removes it (and any credentials embedded in URLs) from text before it reaches a message.
/// </summary>
internal sealed partial class GitCredential
{
    public GitCredential(string userName, string secret)
    {
        UserName = string.IsNullOrEmpty(userName) ? "x-access-token" : userName;
        Secret = secret ?? string.Empty;
    }

    public string UserName { get; }

    internal string Secret { get; }

    public override string ToString() => $"{UserName}:***";

    /// <summary>Strips a secret and URL user-info from text (messages from libgit2, git, HTTP servers).</summary>
    public static string Redact(string? text, GitCredential? credential)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var redacted = UrlUserInfo().Replace(text, "://***@");
        if (credential is not null && credential.Secret.Length > 0)
        {
            redacted = redacted.Replace(credential.Secret, "***", StringComparison.Ordinal);
            redacted = redacted.Replace(Uri.EscapeDataString(credential.Secret), "***", StringComparison.Ordinal);
        }

        return redacted;
    }

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex UrlUserInfo();
}
