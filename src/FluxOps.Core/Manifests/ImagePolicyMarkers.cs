using System.Text.RegularExpressions;

namespace FluxOps.Core.Manifests;

/// <summary>
/// Flux image-automation setter markers: <c>image: repo:tag # {"$imagepolicy": "ns:policy"}</c> marks a whole
/// reference; <c>:name</c>, <c>:tag</c> and <c>:digest</c> markers of one policy mark the parts of one image,
/// which are combined (n-th name with n-th tag/digest) and reported at the name's line.
/// </summary>
internal static partial class ImagePolicyMarkers
{
    private sealed record Marker(string Value, int Line, int Column, string Policy, string Part);

    public static void Extract(string text, ImageSink sink)
    {
        if (!text.Contains("$imagepolicy", StringComparison.Ordinal))
        {
            return;
        }

        var markers = new List<Marker>();
        var lineNumber = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            if (line.IndexOf("$imagepolicy", StringComparison.Ordinal) < 0)
            {
                continue;
            }

            var match = MarkerLine().Match(line.ToString());
            if (!match.Success)
            {
                sink.Skip(lineNumber, "ImagePolicyMarker: marker without a value on its line");
                continue;
            }

            var value = match.Groups["value"];
            var quoted = value.Value.Length >= 2 && value.Value[0] is '"' or '\'';
            var policy = match.Groups["policy"].Value.Split(':');
            var part = policy.Length >= 3 ? policy[2] : "image";
            markers.Add(new Marker(
                quoted ? value.Value[1..^1] : value.Value,
                lineNumber,
                value.Index + (quoted ? 2 : 1),
                policy.Length >= 2 ? policy[0] + ":" + policy[1] : policy[0],
                part));
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

    [GeneratedRegex("""^\s*(?:-\s+)?(?:[^#:]+:\s+)?(?<value>"[^"]*"|'[^']*'|[^\s#"']+)\s*#\s*\{\s*"\$imagepolicy"\s*:\s*"(?<policy>[^"]+)"\s*\}""")]
    private static partial Regex MarkerLine();
}
