namespace FluxOps.Core.Hosting;

/// <summary>
/// Where a repository lives on its hosting service: GitHub "owner/name", GitLab the full group path (or the numeric
/// project id), Azure DevOps "organization/project/repository".
/// </summary>
internal sealed record HostedRepository(string Host, string Path);

/// <summary>A pull (merge) request to open from <see cref="HeadBranch"/> into <see cref="BaseBranch"/>.</summary>
internal sealed record PullRequestRequest(string HeadBranch, string BaseBranch, string Title, string Body);
