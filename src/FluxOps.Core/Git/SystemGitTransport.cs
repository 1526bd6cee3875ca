using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>Fetch and push through the system git (SSH remotes). Push is plain (no --force): git refuses non-fast-forwards.</summary>
internal sealed class SystemGitTransport : IGitTransport
{
    private readonly GitCredential? _credential;

    public SystemGitTransport(GitCredential? credential) => _credential = credential;

    public bool Fetch(Repository repository, string remote, string branch, string trackingRef, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var directory = WorkingDirectory(repository);
        var fetch = SystemGit.Run(directory, ["fetch", "--no-tags", "--quiet", remote, $"+refs/heads/{branch}:{trackingRef}"], _credential, cancellationToken,
            BatchSsh(repository), credentialUrl: GitTransports.RemoteUrl(repository, remote));
        if (fetch.ExitCode != 0)
        {
            if (fetch.StandardError.Contains("couldn't find remote ref", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            throw Classify(fetch, repository, remote, "fetch");
        }

        return true;
    }

    public PushOutcome Push(Repository repository, string remote, Commit commit, string branch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(commit);
        var push = SystemGit.Run(WorkingDirectory(repository), ["push", "--porcelain", remote, $"{commit.Sha}:refs/heads/{branch}"], _credential, cancellationToken,
            BatchSsh(repository), credentialUrl: GitTransports.RemoteUrl(repository, remote));
        if (push.ExitCode == 0)
        {
            return PushOutcome.Ok;
        }

        var text = push.StandardOutput + "\n" + push.StandardError;
        if (text.Contains("[rejected]", StringComparison.Ordinal) || text.Contains("[remote rejected]", StringComparison.Ordinal)
            || text.Contains("non-fast-forward", StringComparison.Ordinal) || text.Contains("fetch first", StringComparison.Ordinal)
            || text.Contains("failed to update ref", StringComparison.Ordinal) || text.Contains("cannot lock ref", StringComparison.Ordinal))
        {
            return new PushOutcome(false, text.Trim());
        }

        throw Classify(push, repository, remote, "push");
    }

    private static bool BatchSsh(Repository repository) => string.IsNullOrEmpty(repository.Config.Get<string>("core.sshCommand")?.Value);

    private static string WorkingDirectory(Repository repository) => repository.Info.WorkingDirectory ?? repository.Info.Path;

    private GitOperationException Classify(SystemGitResult result, Repository repository, string remote, string operation)
    {
        var url = GitTransports.RemoteUrl(repository, remote);
        return GitFailure.Classify(GitCredential.Redact(result.StandardError.Trim(), _credential), GitCredential.Redact(url, _credential), operation,
            _credential is null ? null : "-Credential", GitTransports.IsSsh(url));
    }
}
