using System.Text.RegularExpressions;
using LibGit2Sharp;

namespace FluxOps.Core.History;

/// <summary>Matches an author name or email pattern (case-insensitive, '*' wildcard) against a signature.</summary>
internal static class AuthorMatcher
{
    public static bool Matches(string pattern, Signature author)
    {
        if (pattern.Contains('*', StringComparison.Ordinal))
        {
            var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
            return Regex.IsMatch(author.Name, regex, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1))
                || Regex.IsMatch(author.Email, regex, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        }

        return author.Name.Equals(pattern, StringComparison.OrdinalIgnoreCase)
            || author.Email.Equals(pattern, StringComparison.OrdinalIgnoreCase);
    }
}
