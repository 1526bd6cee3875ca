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

            throw Classify(fetch, remote, "fetch");
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

        throw Classify(push, remote, "push");
    }

    private static bool BatchSsh(Repository repository) => string.IsNullOrEmpty(repository.Config.Get<string>("core.sshCommand")?.Value);

    private static string WorkingDirectory(Repository repository) => repository.Info.WorkingDirectory ?? repository.Info.Path;

    private GitOperationException Classify(SystemGitResult result, string remote, string operation)
    {
        var message = GitCredential.Redact(result.StandardError.Trim(), _credential);
        var lower = message.ToLowerInvariant();
        if (lower.Contains("permission denied") || lower.Contains("authentication failed") || lower.Contains("could not read username")
            || lower.Contains("403") || lower.Contains("401"))
        {
            return new GitOperationException("GitAuthenticationFailed", FailureKind.AuthenticationFailed,
                $"The remote '{remote}' refused the credentials during {operation}: {message}", remote);
        }

        if (lower.Contains("could not resolve") || lower.Contains("connection refused") || lower.Contains("timed out")
            || lower.Contains("could not read from remote") || lower.Contains("failed to connect") || lower.Contains("unreachable"))
        {
            return new GitOperationException("GitRemoteUnreachable", FailureKind.ConnectionFailed,
                $"Could not reach the remote '{remote}' during {operation}: {message}", remote);
        }

        return new GitOperationException("GitRemoteFailed", FailureKind.InvalidOperation, $"git {operation} to '{remote}' failed: {message}", remote);
    }
}
