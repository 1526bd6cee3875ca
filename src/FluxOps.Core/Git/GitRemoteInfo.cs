namespace FluxOps.Core.Git;

/// <summary>Remote facts the cmdlets need without touching LibGit2Sharp types.</summary>
internal static class GitRemoteInfo
{
    public static string RemoteUrl(string repositoryPath, string remote)
    {
        using var repository = RepositoryOpener.Open(repositoryPath);
        return GitTransports.RemoteUrl(repository, remote);
    }
}
