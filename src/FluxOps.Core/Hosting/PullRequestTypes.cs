namespace FluxOps.Core.Hosting;

/// <summary>
/// Where a repository lives on its hosting service: GitHub/GitLab "owner/name" (GitLab: full group path),
/// Azure DevOps "organization/project/repository".
/// </summary>
internal sealed record HostedRepository(string Host, string Path);

internal sealed record PullRequestRequest(HostedRepository Repository, string HeadBranch, string BaseBranch, string Title, string Body);

/// <summary>Opens a pull (merge) request and returns its web URL.</summary>
internal interface IPullRequestClient
{
    Task<string> CreateAsync(PullRequestRequest request, CancellationToken cancellationToken);
}

/// <summary>A pull request could not be opened; the message never contains the token.</summary>
internal sealed class PullRequestException : Exception
{
    public PullRequestException(string errorId, string message, string? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Target = target;
    }

    public PullRequestException()
        : this("PullRequestFailed", "The pull request could not be opened.")
    {
    }

    public PullRequestException(string message)
        : this("PullRequestFailed", message)
    {
    }

    public PullRequestException(string message, Exception inner)
        : this("PullRequestFailed", message, null, inner)
    {
    }

    public string ErrorId { get; }

    public string? Target { get; }
}
