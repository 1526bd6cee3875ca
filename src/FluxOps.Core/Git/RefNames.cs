using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// The local names a person types for -Base, -Branch and -Revision: local branches, remote-tracking branches
/// (origin/main) and tags, read from the repository at or above a folder. For tab completion: never throws, never
/// touches the network.
/// </summary>
internal static class RefNames
{
    /// <summary>Branch names as the remote knows them (main, release/1.2): local branches and the remote's branches.</summary>
    public static IReadOnlyList<string> Branches(string path) => Read(path, repository =>
        repository.Branches.Select(b => b.IsRemote ? WithoutRemote(b) : b.FriendlyName).Where(n => n.Length > 0 && n != "HEAD"));

    /// <summary>What git rev-parse accepts by name: local branches, remote-tracking branches (origin/main), tags.</summary>
    public static IReadOnlyList<string> Commitish(string path) => Read(path, repository =>
        repository.Branches.Select(b => b.FriendlyName).Where(n => !n.EndsWith("/HEAD", StringComparison.Ordinal))
            .Concat(repository.Tags.Select(t => t.FriendlyName)));

    private static IReadOnlyList<string> Read(string path, Func<Repository, IEnumerable<string>> names)
    {
        try
        {
            var discovered = Repository.Discover(path);
            if (discovered is null)
            {
                return [];
            }

            using var repository = new Repository(discovered);
            return names(repository).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        }
        catch (LibGit2SharpException)
        {
            return [];
        }
    }

    /// <summary>refs/remotes/&lt;remote&gt;/&lt;branch&gt; without its remote (a remote's name has no '/').</summary>
    private static string WithoutRemote(Branch branch)
    {
        var name = branch.CanonicalName.StartsWith("refs/remotes/", StringComparison.Ordinal) ? branch.CanonicalName["refs/remotes/".Length..] : branch.FriendlyName;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : name[(slash + 1)..];
    }
}
