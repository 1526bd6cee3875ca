using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// Repository paths a query is limited to, normalised the way git spells them (forward slashes, no leading "./", no
/// trailing slash). A path selects itself and everything under it, component by component, like a literal git pathspec.
/// </summary>
internal sealed class PathFilter
{
    private readonly string[] _paths;

    public PathFilter(IEnumerable<string> paths)
    {
        _paths = paths.Select(Normalize).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
    }

    public bool IsEmpty => _paths.Length == 0;

    public IReadOnlyList<string> Paths => _paths;

    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = path.Replace('\\', '/').Trim();
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized.Trim('/');
    }

    /// <summary>
    /// True when an entry under the paths differs between the commit and its first parent (compared by object id, so no
    /// diff is computed). First-parent only: <see cref="NativeHistoryWalker"/> applies git's rules for merges.
    /// </summary>
    public bool Touches(Commit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        var parent = commit.Parents.FirstOrDefault();
        foreach (var path in _paths)
        {
            var mine = commit.Tree[path]?.Target.Id;
            var theirs = parent?.Tree[path]?.Target.Id;
            if (mine != theirs)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a changed file path lies at or under one of the filter paths.</summary>
    public bool Covers(string file) =>
        _paths.Any(p => file.Equals(p, StringComparison.Ordinal) || file.StartsWith(p + "/", StringComparison.Ordinal));
}
