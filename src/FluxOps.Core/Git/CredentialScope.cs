namespace FluxOps.Core.Git;

/// <summary>
/// Where a credential may go, by git's credential rules: only to the scheme, host and port it was given for. A server
/// that redirects elsewhere — another host, another port, from HTTPS to HTTP — gets nothing.
/// </summary>
internal static class CredentialScope
{
    /// <summary><c>scheme://host[:port]</c> of an HTTP(S) URL (no user-info, no path; default ports left out), else null.</summary>
    public static string? Origin(string? url)
    {
        if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        return $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{(uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
    }

    /// <summary>True when <paramref name="requested"/> is on the same scheme, host and port as <paramref name="givenFor"/>.</summary>
    public static bool Allows(string givenFor, string? requested) =>
        Origin(givenFor) is { } origin && string.Equals(origin, Origin(requested), StringComparison.Ordinal);
}
