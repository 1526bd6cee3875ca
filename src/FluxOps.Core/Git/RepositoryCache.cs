using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// A bare clone per remote URL in a cache folder, for callers that have no clone (Azure Automation runbooks, CI jobs,
/// the receiver). The first call clones, later calls fetch only the requested branch. The remote is named "origin", so
/// the same folder works as -Path for Invoke-FluxRevert. Credentials never touch disk: a password in the URL is taken
/// out and used as the credential, origin keeps the bare URL (rewritten when it differs), folders are 0700, and every
/// FluxOps process works in a folder only while it holds that folder's <see cref="CacheFolderLock"/>.
/// </summary>
internal static class RepositoryCache
{
    /// <summary>How long a caller waits for another process working in the same cache folder.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

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

    /// <summary>The cache folder of <paramref name="url"/> (keyed by the URL without credentials or query).</summary>
    public static string FolderFor(string url, string? cacheRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(GitCredential.Redact(url, null)))).ToLowerInvariant()[..16];
        return Path.Combine(cacheRoot ?? DefaultRoot(), key);
    }

    /// <summary>Waits for the exclusive use of <paramref name="url"/>'s cache folder (creating the cache root, owner only).</summary>
    public static CacheFolderLock Lock(string url, string? cacheRoot, CancellationToken cancellationToken)
    {
        var folder = FolderFor(url, cacheRoot);
        CreateOwnerOnly(Path.GetDirectoryName(folder)!);
        return CacheFolderLock.Acquire(folder, LockTimeout, cancellationToken);
    }

    /// <summary>Clones or fetches <paramref name="url"/>'s <paramref name="branch"/> under the folder's lock; returns the cache folder.</summary>
    public static string Prepare(string url, string branch, GitCredential? credential, string? cacheRoot, CancellationToken cancellationToken)
    {
        using var held = Lock(url, cacheRoot, cancellationToken);
        return PrepareLocked(url, branch, credential, cacheRoot, cancellationToken);
    }

    /// <summary><see cref="Prepare"/> for a caller that already holds the folder's <see cref="Lock"/>.</summary>
    public static string PrepareLocked(string url, string branch, GitCredential? credential, string? cacheRoot, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(branch);
        BranchName.Ensure(branch);
        var (bareUrl, effective) = GitCredential.FromUrl(url, credential);
        var safeUrl = GitCredential.Redact(bareUrl, effective);
        var folder = FolderFor(bareUrl, cacheRoot);
        CreateOwnerOnly(folder);
        if (!Repository.IsValid(folder))
        {
            // Nothing valid here (first use, or a clone killed half-way): start over. The lock says nobody else is in it.
            Directory.Delete(folder, recursive: true);
            CreateOwnerOnly(folder);
            Repository.Init(folder, isBare: true);
        }

        RemoveStaleLocks(folder);
        using var repository = new Repository(folder);
        if (repository.Network.Remotes["origin"] is not { } origin)
        {
            repository.Network.Remotes.Add("origin", bareUrl);
        }
        else if (!string.Equals(origin.Url, bareUrl, StringComparison.Ordinal))
        {
            // The URL changed (or an older FluxOps pinned a password in it): origin follows the URL as given now.
            repository.Network.Remotes.Update("origin", r => r.Url = bareUrl);
        }

        var transport = GitTransports.For(bareUrl, effective);
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

    /// <summary>
    /// git's *.lock files left by a FluxOps process that was killed mid-fetch or mid-push. Only called under the folder
    /// lock: no other FluxOps process is inside, so a lock file here can only be stale.
    /// </summary>
    private static void RemoveStaleLocks(string folder)
    {
        var refs = Path.Combine(folder, "refs");
        var inRefs = Directory.Exists(refs) ? Directory.EnumerateFiles(refs, "*.lock", SearchOption.AllDirectories) : [];
        foreach (var stale in Directory.EnumerateFiles(folder, "*.lock").Concat(inRefs))
        {
            File.Delete(stale);
        }
    }

    private static void CreateOwnerOnly(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }

        Directory.CreateDirectory(folder, OwnerOnly);
        File.SetUnixFileMode(folder, OwnerOnly); // also tightens a folder an older version made 0755
    }
}
