using System.Net.Http.Headers;

namespace FluxOps.Core.Registry;

/// <summary>A registry's <c>WWW-Authenticate</c> challenge: Bearer realm/service/scope, or Basic.</summary>
internal sealed record AuthChallenge(string Scheme, string? Realm, string? Service, string? Scope, string? Error = null)
{
    /// <summary>The token was valid but does not grant this repository: a fresh token would not either.</summary>
    public bool IsInsufficientScope => string.Equals(Error, "insufficient_scope", StringComparison.OrdinalIgnoreCase);

    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first Bearer or Basic challenge in the response headers, or null.</summary>
    public static AuthChallenge? From(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var challenges = headers.WwwAuthenticate.Select(h => Parse(h.Scheme, h.Parameter)).ToList();
        return challenges.FirstOrDefault(c => c.IsBearer) ?? challenges.FirstOrDefault(c => c.IsBasic);
    }

    public static AuthChallenge Parse(string scheme, string? parameters)
    {
        var values = ParseParameters(parameters ?? string.Empty);
        return new AuthChallenge(scheme, values.GetValueOrDefault("realm"), values.GetValueOrDefault("service"), values.GetValueOrDefault("scope"), values.GetValueOrDefault("error"));
    }

    /// <summary>key="value" pairs separated by commas; quoted values may contain commas (scope="repository:a:pull,push").</summary>
    internal static Dictionary<string, string> ParseParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var eq = text.IndexOf('=', i);
            if (eq < 0)
            {
                break;
            }

            var key = text[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var sb = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    sb.Append(text[i]);
                    i++;
                }

                i++;
                value = sb.ToString();
            }
            else
            {
                var end = text.IndexOf(',', i);
                end = end < 0 ? text.Length : end;
                value = text[i..end].Trim();
                i = end;
            }

            result[key] = value;
        }

        return result;
    }
}
