using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// A bare clone per remote URL in a cache folder, for callers that have no clone (Azure Automation runbooks, CI jobs).
/// The first call clones, later calls fetch only the requested branch. The remote is named "origin", so the same folder
/// works as -Path for Invoke-FluxRevert.
/// </summary>
internal static class RepositoryCache
{
    /// <summary>The variable that names FluxOps' own cache folder (the container image points it at a volume).</summary>
    public const string CacheVariable = "FLUXOPS_CACHE";

    /// <summary>
    /// FLUXOPS_CACHE/repos when set — in a container HOME is often a small tmpfs, so the clones get a volume of their
    /// own — else XDG_CACHE_HOME/fluxops/repos, else the user's cache folder.
    /// </summary>
    public static string DefaultRoot() => DefaultRoot(System.Environment.GetEnvironmentVariable);

    internal static string DefaultRoot(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment(CacheVariable) is { Length: > 0 } own)
        {
            return Path.Combine(own, "repos");
        }

        var xdg = environment("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg) ? xdg
            : OperatingSystem.IsWindows() ? System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData)
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "fluxops", "repos");
    }

    /// <summary>Clones or fetches <paramref name="url"/>'s <paramref name="branch"/>; returns the cache folder.</summary>
    public static string Prepare(string url, string branch, GitCredential? credential, string? cacheRoot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(branch);
        BranchName.Ensure(branch);
        var safeUrl = GitCredential.Redact(url, credential);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(safeUrl))).ToLowerInvariant()[..16];
        var folder = Path.Combine(cacheRoot ?? DefaultRoot(), key);
        if (!Repository.IsValid(folder))
        {
            Directory.CreateDirectory(folder);
            Repository.Init(folder, isBare: true);
            using var created = new Repository(folder);
            created.Network.Remotes.Add("origin", url);
        }

        using var repository = new Repository(folder);
        var transport = GitTransports.For(url, credential);
        if (!transport.Fetch(repository, "origin", branch, $"refs/remotes/origin/{branch}", cancellationToken))
        {
            throw new GitOperationException("RemoteBranchNotFound", FailureKind.ObjectNotFound,
                $"{safeUrl} has no branch '{branch}'.", branch);
        }

        // The cache mirrors the remote: its local branch follows the remote tip, and HEAD names it, so history queries
        // and Invoke-FluxRevert -Path <cache> work without -Branch. Nobody works in this folder, so nothing is lost.
        var tip = repository.Refs[$"refs/remotes/origin/{branch}"].ResolveToDirectReference().Target.Id;
        repository.Refs.Add($"refs/heads/{branch}", tip, "fluxops: cache", allowOverwrite: true);
        repository.Refs.UpdateTarget(repository.Refs.Head, $"refs/heads/{branch}", "fluxops: cache");
        return folder;
    }
}
