namespace FluxOps.Core;

/// <summary>
/// The one wildcard grammar for names people type (authors, Flux objects): <c>*</c> matches any run of characters,
/// <c>?</c> one character, case-insensitive, the whole value. Paths have their own glob (ChangedImages.PathGlob), where
/// <c>*</c> stays inside one folder.
/// </summary>
internal static class Wildcard
{
    public static bool IsMatch(string pattern, string value) =>
        System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, value, ignoreCase: true);
}
