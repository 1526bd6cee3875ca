using System.Text;

namespace FluxOps.Core.Receiver;

/// <summary>A request line and headers that broke a rule: the status to answer (the connection is closed after it).</summary>
internal sealed record HttpHeadError(int Status, string Reason, string Detail);

/// <summary>
/// One HTTP/1.x request head, parsed strictly (RFC 9112): CRLF line ends, a token method, an origin-form target, HTTP/1.0
/// or 1.1, <c>name: value</c> headers with no whitespace before the colon and no folded lines, one Host (required in
/// 1.1), one Content-Length, and no Transfer-Encoding (Flux sends a length; a chunked body is refused with 411, and a
/// request with both is a smuggling attempt). Only the fields the receiver uses are kept.
/// </summary>
internal sealed record HttpHead(string Method, string Path, bool Http11, string? Host, long? ContentLength, bool KeepAlive, bool ExpectContinue, string? Signature)
{
    private const int MaxHeaders = 100;

    /// <summary>Parses <paramref name="head"/> (request line through the blank line, CRLFs included); null with <paramref name="error"/> set when it breaks a rule.</summary>
    public static HttpHead? Parse(ReadOnlySpan<byte> head, out HttpHeadError? error)
    {
        error = null;
        var text = Encoding.Latin1.GetString(head);
        if (!text.EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            return Fail(out error, 400, "bad_request", "the head must end with an empty line");
        }

        var lines = text[..^4].Split("\r\n");
        if (lines.Any(l => l.Contains('\n', StringComparison.Ordinal) || l.Contains('\r', StringComparison.Ordinal) || l.Contains('\0', StringComparison.Ordinal)))
        {
            return Fail(out error, 400, "bad_request", "bare CR, LF or NUL in the head");
        }

        var parts = lines[0].Split(' ');
        if (parts.Length != 3 || !IsToken(parts[0]) || parts[0].Length > 16)
        {
            return Fail(out error, 400, "bad_request", "malformed request line");
        }

        if (parts[2] is not ("HTTP/1.1" or "HTTP/1.0"))
        {
            return Fail(out error, 505, "bad_version", "only HTTP/1.0 and HTTP/1.1 are spoken here");
        }

        var target = parts[1];
        if (target.Length == 0 || target[0] != '/' || target.Any(c => c <= ' ' || c >= 0x7f))
        {
            return Fail(out error, 400, "bad_request", "the request target must be a path");
        }

        string? host = null, signature = null, connection = null, expect = null;
        long? length = null;
        var transferEncoding = false;
        if (lines.Length - 1 > MaxHeaders)
        {
            return Fail(out error, 431, "headers_too_large", $"more than {MaxHeaders} header fields");
        }

        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !IsToken(line[..colon]))
            {
                return Fail(out error, 400, "bad_request", line.Length > 0 && line[0] is ' ' or '\t' ? "folded header lines are not accepted" : "malformed header field");
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim(' ', '\t');
            switch (name.ToLowerInvariant())
            {
                case "host" when host is not null:
                    return Fail(out error, 400, "bad_request", "more than one Host header");
                case "host":
                    host = value;
                    break;
                case "content-length":
                    if (value.Length is 0 or > 18 || !value.All(char.IsAsciiDigit) || (length is { } seen && seen != long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)))
                    {
                        return Fail(out error, 400, "bad_request", "invalid or conflicting Content-Length");
                    }

                    length = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "transfer-encoding":
                    transferEncoding = true;
                    break;
                case "connection":
                    connection = connection is null ? value : connection + "," + value;
                    break;
                case "expect":
                    expect = value;
                    break;
                case "x-signature" when signature is not null:
                    return Fail(out error, 400, "bad_request", "more than one X-Signature header");
                case "x-signature":
                    signature = value;
                    break;
            }
        }

        var http11 = parts[2] == "HTTP/1.1";
        if (transferEncoding)
        {
            return length is null
                ? Fail(out error, 411, "length_required", "send the body with Content-Length; chunked bodies are not accepted")
                : Fail(out error, 400, "bad_request", "Transfer-Encoding and Content-Length together");
        }

        if (http11 && string.IsNullOrEmpty(host))
        {
            return Fail(out error, 400, "bad_request", "HTTP/1.1 requires a Host header");
        }

        if (expect is not null && !expect.Equals("100-continue", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(out error, 417, "bad_request", "only 'Expect: 100-continue' is understood");
        }

        var tokens = (connection ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
        var keepAlive = http11 ? !tokens.Contains("close", StringComparer.OrdinalIgnoreCase) : tokens.Contains("keep-alive", StringComparer.OrdinalIgnoreCase);
        var query = target.IndexOf('?', StringComparison.Ordinal);
        return new HttpHead(parts[0], query < 0 ? target : target[..query], http11, host, length, keepAlive, expect is not null, signature);
    }

    /// <summary>The host part of a Host header value (port and IPv6 brackets removed), or null when it is not a host.</summary>
    public static string? HostName(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Any(c => c <= ' ' || c >= 0x7f || c is '/' or '@' or '\\' or '?' or '#'))
        {
            return null;
        }

        if (value[0] == '[')
        {
            var close = value.IndexOf(']', StringComparison.Ordinal);
            return close > 1 && (close == value.Length - 1 || (value[close + 1] == ':' && IsPort(value[(close + 2)..]))) ? value[1..close].ToLowerInvariant() : null;
        }

        var colon = value.LastIndexOf(':');
        return colon < 0 ? value.ToLowerInvariant() : colon > 0 && IsPort(value[(colon + 1)..]) && value.IndexOf(':', StringComparison.Ordinal) == colon ? value[..colon].ToLowerInvariant() : null;
    }

    private static bool IsPort(string text) => text.Length is > 0 and <= 5 && text.All(char.IsAsciiDigit);

    private static bool IsToken(string text) => text.Length > 0 && text.All(c => c < 0x7f && (char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)));

    private static HttpHead? Fail(out HttpHeadError? error, int status, string reason, string detail)
    {
        error = new HttpHeadError(status, reason, detail);
        return null;
    }
}
