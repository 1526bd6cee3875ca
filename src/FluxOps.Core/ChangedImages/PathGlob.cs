using System.Text;
using System.Text.RegularExpressions;

namespace FluxOps.Core.ChangedImages;

/// <summary>
/// Path globs for -Include/-Exclude, matched against repository-relative paths with forward slashes:
/// <c>*</c> and <c>?</c> stay within one folder, <c>**</c> crosses folders; a pattern without '/' matches the
/// file name in any folder (like .gitignore), so <c>*.yaml</c> and <c>apps/**</c> both do what they say.
/// </summary>
internal sealed class PathGlob
{
    private readonly Regex _regex;

    public PathGlob(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Problem(pattern) is { } problem)
        {
            // Raised, never matched as literal text: a glob that can match nothing would silently pass the gate.
            throw new ArgumentException($"'{pattern}' is not a path glob FluxOps understands: {problem}. Globs use * and ? within a folder and ** across folders, e.g. apps/**/*.yaml.");
        }

        Pattern = pattern;
        var normalized = pattern.Replace('\\', '/').TrimStart('/');
        if (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        var anyFolder = !normalized.Contains('/', StringComparison.Ordinal);
        var regex = new StringBuilder(anyFolder ? "^(?:.*/)?" : "^");
        for (var i = 0; i < normalized.Length; i++)
        {
            var c = normalized[i];
            if (c == '*' && i + 1 < normalized.Length && normalized[i + 1] == '*')
            {
                var slashAfter = i + 2 < normalized.Length && normalized[i + 2] == '/';
                regex.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        // A folder pattern (apps/prod) also matches everything below it.
        regex.Append("(?:/.*)?$");
        _regex = new Regex(regex.ToString(), RegexOptions.CultureInvariant | (OperatingSystem.IsWindows() ? RegexOptions.IgnoreCase : RegexOptions.None));
    }

    public string Pattern { get; }

    private static string? Problem(string pattern) =>
        string.IsNullOrWhiteSpace(pattern) ? "it is empty"
        : pattern.IndexOfAny(['[', ']']) >= 0 ? "character classes ([...]) are not supported; write one glob per name"
        : pattern.IndexOfAny(['{', '}']) >= 0 ? "alternatives ({a,b}) are not supported; give one glob per alternative"
        : null;

    public bool IsMatch(string path) => _regex.IsMatch(path);

    /// <summary>True when the path passes the include list (empty = all) and matches no exclude.</summary>
    public static bool Selects(string path, IReadOnlyList<PathGlob> include, IReadOnlyList<PathGlob> exclude) =>
        (include.Count == 0 || include.Any(g => g.IsMatch(path))) && !exclude.Any(g => g.IsMatch(path));
}
