using System.Text.RegularExpressions;

namespace FluxOps.Core.Manifests;

/// <summary>A setter marker FluxOps paused: its line, policy, the field's value and the reverted commit its note names.</summary>
internal sealed record PausedMarker(int Line, string Policy, string Value, string? PausedAfter);

/// <summary>
/// The other half of <see cref="Pause"/>: finding the markers a revert paused and restoring them to <c>$imagepolicy</c>
/// exactly as they were (the note <see cref="Pause"/> appended goes too), read with the same line grammar.
/// </summary>
internal static partial class ImagePolicyMarkers
{
    /// <summary>Every paused marker in the text, in line order.</summary>
    public static IReadOnlyList<PausedMarker> FindPaused(string text) => Resume(text, _ => false).Paused;

    /// <summary>
    /// Restores the paused markers <paramref name="select"/> picks. Returns the new text, every paused marker found
    /// (restored or not) and those restored. Line endings and everything else on the line stay as they are.
    /// </summary>
    public static (string Text, IReadOnlyList<PausedMarker> Paused, IReadOnlyList<PausedMarker> Resumed) Resume(string text, Func<PausedMarker, bool> select)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(select);
        var paused = new List<PausedMarker>();
        var resumed = new List<PausedMarker>();
        if (!text.Contains(PausedKey, StringComparison.Ordinal))
        {
            return (text, paused, resumed);
        }

        var lines = SplitLines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.Length > MaxMarkerLineLength || PausedMarkerObject().Match(line) is not { Success: true } match)
            {
                continue;
            }

            var policy = match.Groups["policy"].Value;
            var restored = line[..match.Index] + $"{{\"$imagepolicy\": \"{policy}\"}}" + line[(match.Index + match.Length)..];
            var marked = Parse(restored.TrimEnd('\r'), out var hasValue);
            var marker = new PausedMarker(i + 1, policy, hasValue ? marked!.Value : string.Empty, match.Groups["sha"] is { Success: true } sha ? sha.Value : null);
            paused.Add(marker);
            if (select(marker))
            {
                lines[i] = restored;
                resumed.Add(marker);
            }
        }

        return (resumed.Count == 0 ? text : string.Join('\n', lines), paused, resumed);
    }

    /// <summary>The paused marker object and, when still there, the note <see cref="Pause"/> wrote after it.</summary>
    [GeneratedRegex("""\{\s*"\$imagepolicy-paused-by-fluxops"\s*:\s*"(?<policy>[^"]+)"\s*\}(?: # paused after reverting (?<sha>[0-9a-fA-F]{4,40}); to resume, rename the key back to \$imagepolicy)?""")]
    private static partial Regex PausedMarkerObject();
}
