using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// Decides whether a commit changed anything under a set of repository paths by comparing the object ids of the
/// path's tree entries against the first parent. Equal ids mean identical content, so no diff is computed for
/// the (many) commits that do not match: that keeps a 10,000-commit walk close to <c>git log -- path</c>.
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
        var normalized = path.Replace('\\', '/').Trim();
        while (normalized.StartsWith("./", StringComparison.Ordinal))
        {
            normalized = normalized[2..];
        }

        return normalized.Trim('/');
    }

    public bool Touches(Commit commit)
    {
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
