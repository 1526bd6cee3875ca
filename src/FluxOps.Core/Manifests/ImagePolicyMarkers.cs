using System.Text.RegularExpressions;

namespace FluxOps.Core.Manifests;

/// <summary>A setter-marked field whose value a reverted commit changed.</summary>
internal sealed record ChangedMarker(string File, string Policy, string BadValue);

/// <summary>
/// Flux image-automation setter markers, the one grammar FluxOps reads them with: <c>image: repo:tag # {"$imagepolicy": "ns:policy"}</c>
/// marks a whole reference; <c>:name</c>, <c>:tag</c> and <c>:digest</c> markers of one policy mark the parts of one
/// image. The same line grammar serves three readers: image extraction (<see cref="Extract"/>), the revert's record of
/// what it took back (<see cref="ChangedMarkers"/>) and pausing automation on exactly the reverted fields (<see cref="Pause"/>).
/// </summary>
internal static partial class ImagePolicyMarkers
{
    /// <summary>The key a paused marker carries, so image-automation no longer matches the field.</summary>
    public const string PausedKey = "$imagepolicy-paused-by-fluxops";

    // Marker lines are short; the cap keeps the line pattern's backtracking bounded on hostile input.
    private const int MaxMarkerLineLength = 2048;

    /// <summary>One marked line: the field's value (unquoted), where it starts, the full policy and where the marker object is.</summary>
    private sealed record MarkedLine(string Value, int ValueColumn, string Policy, int MarkerIndex, int MarkerLength)
    {
        /// <summary>"ns:policy" without the ":name"/":tag"/":digest" part.</summary>
        public string PolicyName => Policy.Split(':') is { Length: >= 2 } parts ? parts[0] + ":" + parts[1] : Policy;

        /// <summary>"image" for a whole reference, else name, tag or digest.</summary>
        public string Part => Policy.Split(':') is { Length: >= 3 } parts ? parts[2] : "image";
    }

    private sealed record Marker(string Value, int Line, int Column, string Policy, string Part);

    /// <summary>Reads a line's marker; null when the line has none. <paramref name="hasValue"/> is false for a marker without a value.</summary>
    private static MarkedLine? Parse(string line, out bool hasValue)
    {
        hasValue = false;
        if (line.Length > MaxMarkerLineLength || !line.Contains("$imagepolicy", StringComparison.Ordinal))
        {
            return null;
        }

        var marker = MarkerObject().Match(line);
        if (!marker.Success)
        {
            return null;
        }

        var field = FieldLine().Match(line);
        if (!field.Success || field.Groups["marker"].Index != marker.Index)
        {
            return new MarkedLine(string.Empty, 0, marker.Groups["policy"].Value, marker.Index, marker.Length);
        }

        hasValue = true;
        var value = field.Groups["value"];
        var quoted = value.Value.Length >= 2 && value.Value[0] is '"' or '\'';
        return new MarkedLine(quoted ? value.Value[1..^1] : value.Value, value.Index + (quoted ? 2 : 1),
            marker.Groups["policy"].Value, marker.Index, marker.Length);
    }

    /// <summary>Every image the markers of a file name, through <paramref name="sink"/>; unusable markers become skip notices.</summary>
    public static void Extract(string text, ImageSink sink)
    {
        if (!text.Contains("$imagepolicy", StringComparison.Ordinal))
        {
            return;
        }

        var markers = new List<Marker>();
        var lineNumber = 0;
        foreach (var span in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (span.IndexOf("$imagepolicy", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            if (span.Length > MaxMarkerLineLength)
            {
                sink.Skip(lineNumber, $"ImagePolicyMarker: line longer than {MaxMarkerLineLength} characters; not read");
                continue;
            }

            var parsed = Parse(span.ToString(), out var hasValue);
            if (parsed is null)
            {
                continue; // a paused marker, or text that merely mentions $imagepolicy
            }

            if (!hasValue)
            {
                sink.Skip(lineNumber, "ImagePolicyMarker: marker without a value on its line");
                continue;
            }

            markers.Add(new Marker(parsed.Value, lineNumber, parsed.ValueColumn, parsed.PolicyName, parsed.Part));
        }

        foreach (var group in markers.GroupBy(m => m.Policy))
        {
            var whole = group.Where(m => m.Part == "image").ToList();
            for (var i = 0; i < whole.Count; i++)
            {
                sink.AddString(whole[i].Value, whole[i].Line, whole[i].Column, "ImagePolicyMarker", $"marker[{group.Key}#{i}]");
            }

            var names = group.Where(m => m.Part == "name").ToList();
            var tags = group.Where(m => m.Part == "tag").ToList();
            var digests = group.Where(m => m.Part == "digest").ToList();
            for (var i = 0; i < names.Count; i++)
            {
                var tag = i < tags.Count ? tags[i].Value : null;
                var digest = i < digests.Count ? digests[i].Value : null;
                if (tag is null && digest is null)
                {
                    sink.Skip(names[i].Line, $"ImagePolicyMarker: {group.Key}:name has no matching :tag or :digest marker");
                    continue;
                }

                sink.AddString(ImageString.Compose(null, names[i].Value, tag, digest), names[i].Line, names[i].Column,
                    "ImagePolicyMarker", $"marker[{group.Key}:name#{i}]");
            }

            if (names.Count == 0 && (tags.Count > 0 || digests.Count > 0))
            {
                var first = tags.Concat(digests).First();
                sink.Skip(first.Line, $"ImagePolicyMarker: {group.Key} marks a tag or digest but no :name, so the image is unknown");
            }
        }
    }

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
            if (before.Contains(line) || Parse(line, out _) is not { } marked)
            {
                continue;
            }

            var value = marked.Value;
            if (marked.Part == "tag")
            {
                // A tag-only field: name the image from the sibling ':name' field of the same policy when there is one.
                var sibling = badLines.Select(l => Parse(l, out _)).FirstOrDefault(m => m is not null && m.Policy == marked.PolicyName + ":name");
                if (sibling is not null)
                {
                    value = sibling.Value + ":" + value;
                }
            }

            result.Add(new ChangedMarker(file, marked.Policy, value));
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
            if (bad.Contains(content) || Parse(content, out _) is not { } marked || !policies.Contains(marked.Policy))
            {
                continue;
            }

            var replacement = $"{{\"{PausedKey}\": \"{marked.Policy}\"}} # paused after reverting {revertedShortSha}; to resume, rename the key back to $imagepolicy";
            lines[i] = content[..marked.MarkerIndex] + replacement + content[(marked.MarkerIndex + marked.MarkerLength)..] + (carriageReturn ? "\r" : string.Empty);
            paused++;
        }

        return (string.Join('\n', lines), paused);
    }

    private static string[] SplitLines(string text) => text.Split('\n');

    /// <summary>The marker object itself: <c>{"$imagepolicy": "ns:policy[:part]"}</c>.</summary>
    [GeneratedRegex("""\{\s*"\$imagepolicy"\s*:\s*"(?<policy>[^"]+)"\s*\}""")]
    private static partial Regex MarkerObject();

    /// <summary>A field line that carries a marker: <c>[- ][key: ]value # {marker}</c>.</summary>
    [GeneratedRegex("""^\s*(?:-\s+)?(?:[^#:]+:\s+)?(?<value>"[^"]*"|'[^']*'|[^\s#"']+)\s*#\s*(?<marker>\{\s*"\$imagepolicy")""")]
    private static partial Regex FieldLine();
}
