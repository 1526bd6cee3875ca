using System.Text.RegularExpressions;

namespace FluxOps.Core.Git;

/// <summary>A setter-marked field whose value a reverted commit changed.</summary>
public sealed record ChangedMarker(string File, string Policy, string BadValue);

/// <summary>
/// Flux image automation rewrites every YAML field that carries a <c># {"$imagepolicy": "ns:policy[:tag|:name]"}</c>
/// setter marker. Reverting an automation commit therefore lasts only until its next run. To make the revert stick,
/// FluxOps renames the marker key on exactly the reverted fields so the controller no longer matches them, and leaves
/// a comment that says how to resume.
/// </summary>
public static partial class ImagePolicyMarkers
{
    public const string PausedKey = "$imagepolicy-paused-by-fluxops";

    /// <summary>Marker lines present in <paramref name="badText"/> that are not in <paramref name="goodText"/> (changed fields).</summary>
    public static IReadOnlyList<ChangedMarker> ChangedMarkers(string file, string goodText, string badText)
    {
        ArgumentNullException.ThrowIfNull(goodText);
        ArgumentNullException.ThrowIfNull(badText);
        var before = new HashSet<string>(SplitLines(goodText).Select(l => l.TrimEnd('\r')), StringComparer.Ordinal);
        var badLines = SplitLines(badText).Select(l => l.TrimEnd('\r')).ToArray();
        var result = new List<ChangedMarker>();
        foreach (var line in badLines)
        {
            var match = Marker().Match(line);
            if (!match.Success || before.Contains(line))
            {
                continue;
            }

            var policy = match.Groups["policy"].Value;
            var value = FieldValue(line, match.Index);
            if (policy.EndsWith(":tag", StringComparison.Ordinal))
            {
                // A tag-only field: name the image from the sibling ':name' field of the same policy when there is one.
                var namePolicy = policy[..^4] + ":name";
                foreach (var candidate in badLines)
                {
                    var nameMatch = Marker().Match(candidate);
                    if (nameMatch.Success && nameMatch.Groups["policy"].Value == namePolicy)
                    {
                        value = FieldValue(candidate, nameMatch.Index) + ":" + value;
                        break;
                    }
                }
            }

            result.Add(new ChangedMarker(file, policy, value));
        }

        return result;
    }

    /// <summary>
    /// Rewrites the markers of lines in <paramref name="revertedText"/> that the revert changed (absent from
    /// <paramref name="badText"/>) and whose policy is in <paramref name="policies"/>. Returns the new text and how many lines changed.
    /// </summary>
    public static (string Text, int Paused) Pause(string revertedText, string badText, IReadOnlyCollection<string> policies, string revertedShortSha)
    {
        ArgumentNullException.ThrowIfNull(revertedText);
        ArgumentNullException.ThrowIfNull(badText);
        ArgumentNullException.ThrowIfNull(policies);
        var bad = new HashSet<string>(SplitLines(badText).Select(l => l.TrimEnd('\r')), StringComparer.Ordinal);
        var lines = SplitLines(revertedText);
        var paused = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var carriageReturn = line.EndsWith('\r');
            var content = carriageReturn ? line[..^1] : line;
            var match = Marker().Match(content);
            if (!match.Success || bad.Contains(content) || !policies.Contains(match.Groups["policy"].Value))
            {
                continue;
            }

            var policy = match.Groups["policy"].Value;
            var replacement = $"{{\"{PausedKey}\": \"{policy}\"}} # paused after reverting {revertedShortSha}; to resume, rename the key back to $imagepolicy";
            lines[i] = content[..match.Index] + replacement + content[(match.Index + match.Length)..] + (carriageReturn ? "\r" : string.Empty);
            paused++;
        }

        return (string.Join('\n', lines), paused);
    }

    private static string[] SplitLines(string text) => text.Split('\n');

    private static string FieldValue(string line, int markerIndex)
    {
        var beforeMarker = line[..markerIndex].TrimEnd().TrimEnd('#').Trim();
        var colon = beforeMarker.IndexOf(": ", StringComparison.Ordinal);
        var value = colon >= 0 ? beforeMarker[(colon + 2)..] : beforeMarker;
        return value.Trim().Trim('"', '\'').TrimStart('-').Trim();
    }

    [GeneratedRegex("""\{\s*"\$imagepolicy"\s*:\s*"(?<policy>[^"]+)"\s*\}""")]
    private static partial Regex Marker();
}
