using System.Text.RegularExpressions;

namespace FluxOps.Core.Http;

/// <summary>
/// What of a URL or a server's text may reach a message, a log line or an error: never user-info, never a query
/// string (tokens travel there: signed blob URLs, ?access_token=), never a secret the caller names.
/// </summary>
internal static partial class HttpRedaction
{
    /// <summary>scheme://host[:port]/path of <paramref name="uri"/>, without user-info, query or fragment.</summary>
    public static string Url(Uri? uri)
    {
        if (uri is null)
        {
            return string.Empty;
        }

        return uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : Url(uri.OriginalString);
    }

    /// <summary>The same for a URL given as text; anything not parseable still loses user-info and query.</summary>
    public static string Url(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return string.Empty;
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            return Url(uri);
        }

        return UserInfo().Replace(url.Split('?', 2)[0].Split('#', 2)[0], "://");
    }

    /// <summary>
    /// <paramref name="text"/> with user-info and query strings cut from every URL in it and each of
    /// <paramref name="secrets"/> (and its URL-escaped form) replaced by ***.
    /// </summary>
    public static string Text(string? text, params string?[] secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var redacted = UrlQuery().Replace(UserInfo().Replace(text, "://"), "$1");
        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                redacted = redacted.Replace(secret, "***", StringComparison.Ordinal)
                    .Replace(Uri.EscapeDataString(secret), "***", StringComparison.Ordinal);
            }
        }

        return redacted;
    }

    [GeneratedRegex(@"://[^/@\s]+@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"(https?://[^\s?#""'<>]+)[?#][^\s""'<>]*")]
    private static partial Regex UrlQuery();
}
