using System.Globalization;
using System.Text;

namespace FluxOps.Core.Reporting;

/// <summary>
/// Makes text that carries repository content (file names, image values, registry answers) safe to write to any
/// PowerShell stream a CI log shows: it stays on one line (control characters become visible escapes), cannot start
/// with <c>::</c> (a GitHub Actions workflow command, recognised after leading spaces) and never holds <c>##vso[</c> or
/// <c>##[</c> (Azure Pipelines logging and formatting commands, recognised anywhere in a line). A zero-width space breaks
/// the pattern without changing what a reader sees. Only FluxOps' own annotation lines are left to start a command.
/// </summary>
internal static class StreamText
{
    private const char Breaker = '\u200B';

    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append(' ');
                    break;
                case '\u0085' or '\u2028' or '\u2029':
                case var control when char.IsControl(control):
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        var safe = builder.ToString()
            .Replace("##vso[", "##" + Breaker + "vso[", StringComparison.OrdinalIgnoreCase)
            .Replace("##[", "##" + Breaker + "[", StringComparison.Ordinal);
        var start = safe.Length - safe.TrimStart().Length;
        return safe.AsSpan(start).StartsWith("::", StringComparison.Ordinal) ? safe.Insert(start + 1, Breaker.ToString()) : safe;
    }
}
