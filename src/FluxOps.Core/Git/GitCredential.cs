using FluxOps.Core.Http;

namespace FluxOps.Core.Git;

/// <summary>
/// A user name and password or token for an HTTPS remote. ToString never shows the secret; <see cref="Redact"/>
/// removes it (and any credentials embedded in URLs) from text before it reaches a message.
/// </summary>
internal sealed class GitCredential
{
    public GitCredential(string userName, string secret)
    {
        UserName = string.IsNullOrEmpty(userName) ? "x-access-token" : userName;
        Secret = secret ?? string.Empty;
    }

    public string UserName { get; }

    internal string Secret { get; }

    public override string ToString() => $"{UserName}:***";

    /// <summary>
    /// Takes a password out of an HTTP(S) URL's user-info: returns the URL without it and the credential to use —
    /// <paramref name="explicitCredential"/> when given (it wins), else the one the URL carried. URLs without a password
    /// (<c>ssh://git@host/...</c>, <c>https://host/...</c>) are returned as they are.
    /// </summary>
    public static (string Url, GitCredential? Credential) FromUrl(string url, GitCredential? explicitCredential)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return (url, explicitCredential);
        }

        var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return (url, explicitCredential);
        }

        var bare = new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.AbsoluteUri;
        var fromUrl = new GitCredential(Uri.UnescapeDataString(uri.UserInfo[..colon]), Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]));
        return (bare, explicitCredential ?? fromUrl);
    }

    /// <summary>Strips a secret, URL user-info and query strings from text (messages from libgit2, git, HTTP servers).</summary>
    public static string Redact(string? text, GitCredential? credential) => HttpRedaction.Text(text, credential?.Secret);
}
