
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
}
