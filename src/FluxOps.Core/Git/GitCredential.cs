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

    /// <summary>Strips a secret, URL user-info and query strings from text (messages from libgit2, git, HTTP servers).</summary>
    public static string Redact(string? text, GitCredential? credential) => HttpRedaction.Text(text, credential?.Secret);
}
