using System.Globalization;
using System.Text.RegularExpressions;

namespace FluxOps.Core.Registry;

/// <summary>
/// Which existing tags to name when a tag is missing: for a version-like tag, the newest versions (releases before
/// their pre-releases, "v" prefix ignored for ordering); otherwise the tags sharing the longest prefix with it.
/// </summary>
internal static partial class NearestTags
{
    public const int DefaultCount = 3;

    /// <summary>The nearest tags and how to call them ("newest" or "closest").</summary>
    public static (IReadOnlyList<string> Tags, string Label) For(string missing, IReadOnlyCollection<string> tags, int count = DefaultCount)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(tags);
        var versions = tags.Select(t => (Tag: t, Version: Parse(t))).Where(v => v.Version is not null).ToList();
        if (Parse(missing) is not null && versions.Count > 0)
        {
            return (versions.OrderByDescending(v => v.Version!, VersionOrder.Instance).ThenBy(v => v.Tag, StringComparer.Ordinal)
                .Select(v => v.Tag).Take(count).ToList(), "newest");
        }

        return (tags.OrderByDescending(t => CommonPrefix(t, missing)).ThenByDescending(t => t, StringComparer.Ordinal).Take(count).ToList(), "closest");
    }

    private sealed record Version(long[] Numbers, string? PreRelease);

    private static Version? Parse(string tag)
    {
        var match = VersionPattern().Match(tag);
        if (!match.Success)
        {
            return null;
        }

        var numbers = match.Groups["n"].Value.Split('.').Select(n => long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : long.MaxValue).ToArray();
        return new Version(numbers, match.Groups["pre"].Success ? match.Groups["pre"].Value : null);
    }

    private static int CommonPrefix(string a, string b)
    {
        var length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length])
        {
            length++;
        }

        return length;
    }

    private sealed class VersionOrder : IComparer<Version>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(Version? x, Version? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            for (var i = 0; i < Math.Max(x.Numbers.Length, y.Numbers.Length); i++)
            {
                var compared = (i < x.Numbers.Length ? x.Numbers[i] : 0).CompareTo(i < y.Numbers.Length ? y.Numbers[i] : 0);
                if (compared != 0)
                {
                    return compared;
                }
            }

            // A release is newer than its pre-releases (1.2.0 > 1.2.0-rc.1).
            return (x.PreRelease, y.PreRelease) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => ComparePreRelease(x.PreRelease, y.PreRelease),
            };
        }

        /// <summary>SemVer: dot-separated identifiers, numeric ones compared as numbers and below alphanumeric ones (rc.10 &gt; rc.2).</summary>
        private static int ComparePreRelease(string x, string y)
        {
            var a = x.Split('.');
            var b = y.Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var numeric = (long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var m), long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n));
                var compared = numeric switch
                {
                    (true, true) => m.CompareTo(n),
                    (true, false) => -1,
                    (false, true) => 1,
                    _ => string.CompareOrdinal(a[i], b[i]),
                };
                if (compared != 0)
                {
                    return compared;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }

    [GeneratedRegex(@"^v?(?<n>\d{1,9}(?:\.\d{1,9}){0,3})(?:-(?<pre>[0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionPattern();
}
