using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>The result of a fast-forward-only push: accepted, or rejected because the remote branch moved (or a hook said no).</summary>
internal sealed record PushOutcome(bool Accepted, string? RejectionMessage)
{
    public static PushOutcome Ok { get; } = new(true, null);
}

/// <summary>Fetch and push for one remote. Never forces: a push that is not a fast-forward is rejected, never overwritten.</summary>
internal interface IGitTransport
{
    /// <summary>Fetches <paramref name="branch"/> into <paramref name="trackingRef"/>; returns false when the remote has no such branch.</summary>
    bool Fetch(Repository repository, string remote, string branch, string trackingRef, CancellationToken cancellationToken);

    PushOutcome Push(Repository repository, string remote, Commit commit, string branch, CancellationToken cancellationToken);
}

internal static class GitTransports
{
    /// <summary>
    /// SSH remotes always go through the system git, so the user's ssh config, core.sshCommand and agent apply (the
    /// bundled libgit2 lists an Ssh feature, but it only execs a bare 'ssh': no core.sshCommand, no FluxOps credentials). HTTP(S) remotes also use the system git when one is on PATH — it is about twice as fast against
    /// git-http-backend, and the user's proxy, http.* settings and credential helpers apply unchanged — and libgit2
    /// otherwise, which needs no git binary (Azure Automation sandboxes have none).
    /// FLUXOPS_GIT_TRANSPORT=libgit2|system overrides the choice for HTTP(S).
    /// </summary>
    public static IGitTransport For(string remoteUrl, GitCredential? credential)
    {
        if (IsSsh(remoteUrl))
        {
            return new SystemGitTransport(credential);
        }

        return PreferSystemGit() ? new SystemGitTransport(credential) : new LibGit2Transport(credential);
    }

    /// <summary>
    /// The one choice between the system git and libgit2 (transports, long history walks): FLUXOPS_GIT_TRANSPORT=system
    /// or libgit2 decides; otherwise the system git when one is on PATH.
    /// </summary>
    public static bool PreferSystemGit() =>
        SystemGitChosen(System.Environment.GetEnvironmentVariable(ChoiceVariable), () => SystemGitAvailable.Value);

    /// <summary>The variable that forces the HTTP(S) transport and the history walk: system or libgit2.</summary>
    public const string ChoiceVariable = "FLUXOPS_GIT_TRANSPORT";

    /// <summary>The rule itself, for callers that read the environment their own way (Get-FluxOpsEnvironment).</summary>
    public static bool SystemGitChosen(string? choice, Func<bool> gitOnPath)
    {
        ArgumentNullException.ThrowIfNull(gitOnPath);
        return string.Equals(choice, "system", StringComparison.OrdinalIgnoreCase)
            || (!string.Equals(choice, "libgit2", StringComparison.OrdinalIgnoreCase) && gitOnPath());
    }

    private static readonly Lazy<bool> SystemGitAvailable = new(() =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "git")) || File.Exists(Path.Combine(dir, "git.exe"))));

    public static bool IsSsh(string url) =>
        url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("git+ssh://", StringComparison.OrdinalIgnoreCase)
        || (!url.Contains("://", StringComparison.Ordinal) && System.Text.RegularExpressions.Regex.IsMatch(url, @"^[\w.-]+@[\w.-]+:", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1)));

    /// <summary>The URL of a named remote, or the text itself when it already is a URL or path.</summary>
    public static string RemoteUrl(IRepository repository, string remote)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return repository.Network.Remotes[remote]?.Url
            ?? throw new GitOperationException("RemoteNotFound", FailureKind.ObjectNotFound,
                $"The repository has no remote named '{remote}'. Add it with 'git remote add {remote} <url>' or pass -Remote.", remote);
    }
}
