using System.Text.RegularExpressions;

namespace FluxOps.Core.Flux;

/// <summary>
/// An Alert's inclusionList/exclusionList are Go regular expressions (RE2): one that does not compile makes
/// notification-controller drop every event, silently. Refused here instead: what .NET cannot parse, and what it can
/// but RE2 has no notion of (lookaround, backreferences, atomic groups).
/// </summary>
internal static partial class AlertRegex
{
    public static void EnsureValid(string parameter, IEnumerable<string> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var pattern in patterns)
        {
            string? problem = null;
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
                if (NotInRe2().Match(pattern) is { Success: true } construct)
                {
                    problem = $"'{construct.Value}' (lookaround, backreference or atomic group) does not exist in Go's RE2 syntax";
                }
            }
            catch (ArgumentException ex)
            {
                problem = ex.Message;
            }

            if (problem is not null)
            {
                throw new FluxOpsException("AlertRegexInvalid", FailureKind.InvalidArgument,
                    $"{parameter} '{pattern}' is not a regular expression notification-controller can use: {problem.TrimEnd('.')}.", pattern);
            }
        }
    }

    [GeneratedRegex(@"\(\?(?:<?[=!]|>)|(?<!\\)\\[1-9]|\\k<", RegexOptions.CultureInvariant)]
    private static partial Regex NotInRe2();
}
