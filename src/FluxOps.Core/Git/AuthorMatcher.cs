using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>Matches an author name or email pattern (case-insensitive, <c>*</c>/<c>?</c> wildcards) against a signature.</summary>
internal static class AuthorMatcher
{
    public static bool Matches(string pattern, Signature author) =>
        Wildcard.IsMatch(pattern, author.Name) || Wildcard.IsMatch(pattern, author.Email);
}
