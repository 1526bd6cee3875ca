using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>The result of a fast-forward-only push: accepted, or rejected because the remote branch moved (or a hook said no).</summary>
public sealed record PushOutcome(bool Accepted, string? RejectionMessage)
{
    public static PushOutcome Ok { get; } = new(true, null);
}

/// <summary>Fetch and push for one remote. Never forces: a push that is not a fast-forward is rejected, never overwritten.</summary>
public interface IGitTransport
{
    /// <summary>Fetches <paramref name="branch"/> into <paramref name="trackingRef"/>; returns false when the remote has no such branch.</summary>
    bool Fetch(Repository repository, string remote, string branch, string trackingRef, CancellationToken cancellationToken);

    PushOutcome Push(Repository repository, string remote, Commit commit, string branch, CancellationToken cancellationToken);
}

public static class GitTransports
{
    /// <summary>
    /// SSH remotes go through the system git (libgit2's bundled build has no SSH; the user's ssh config and agent apply);
    /// everything else through libgit2, which needs no git binary (Azure Automation runbooks have none).
    /// </summary>
    public static IGitTransport For(string remoteUrl, GitCredential? credential) =>
        IsSsh(remoteUrl) ? new SystemGitTransport(credential) : new LibGit2Transport(credential);

    public static bool IsSsh(string url) =>
        url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("git+ssh://", StringComparison.OrdinalIgnoreCase)
        || (!url.Contains("://", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(url, @"^[\w.-]+@[\w.-]+:", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));

    /// <summary>The URL of a named remote, or the text itself when it already is a URL or path.</summary>
    public static string RemoteUrl(IRepository repository, string remote)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Network.Remotes[remote]?.Url
            ?? throw new GitOperationException("RemoteNotFound", GitFailureKind.ObjectNotFound,
                $"The repository has no remote named '{remote}'. Add it with 'git remote add {remote} <url>' or pass -Remote.", remote);
    }
}
