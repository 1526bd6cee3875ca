using FluxOps.Models;

namespace FluxOps.Core.Hosting;

/// <summary>
/// One hosting service's API for one repository: the reads and the compare-and-swap write a revert without native git
/// needs (<see cref="IHostedGitApi"/>), and opening a pull (merge) request. Created by
/// <see cref="HostingProviders.Connect"/>, which has already decided the provider, the repository and how the token
/// is sent.
/// </summary>
internal abstract class HostingClient : IHostedGitApi
{
    protected HostingClient(PullRequestProvider provider, string repository, HostingCredential credential, HttpClient http)
    {
        Provider = provider;
        Repository = repository;
        Location = $"{Name(provider)} {repository}";
        Http = new HostingHttp(provider, Location, credential, http);
    }

    public PullRequestProvider Provider { get; }

    /// <summary>The repository on the service (owner/name, group path, organization/project/repository).</summary>
    public string Repository { get; }

    public string Location { get; }

    protected HostingHttp Http { get; }

    public static string Name(PullRequestProvider provider) => provider == PullRequestProvider.AzureDevOps ? "Azure DevOps" : provider.ToString();

    public abstract IReadOnlyList<RestCommit> ListCommits(string refOrSha, string? path, int limit, CancellationToken cancellationToken);

    public abstract RestCommit? GetCommit(string sha, CancellationToken cancellationToken);

    public abstract IReadOnlyList<string> ChangedPaths(RestCommit commit, CancellationToken cancellationToken);

    public abstract byte[]? ReadFile(string commitSha, string path, CancellationToken cancellationToken);

    public abstract string Commit(RestCommitRequest request, CancellationToken cancellationToken);

    public abstract IReadOnlyList<RestCommit> ListCommitPage(string branch, int page, int perPage, CancellationToken cancellationToken);

    public abstract string? BranchTip(string branch, CancellationToken cancellationToken);

    public abstract IReadOnlyList<RestTreeEntry> ListTree(string commitSha, CancellationToken cancellationToken);

    /// <summary>By default the bytes alone: the mode is only known where the provider's client reads it.</summary>
    public virtual RestEntry? ReadEntry(string commitSha, string path, CancellationToken cancellationToken) =>
        ReadFile(commitSha, path, cancellationToken) is { } bytes ? new RestEntry(null, bytes) : null;

    public abstract string OpenPullRequest(PullRequestRequest request, CancellationToken cancellationToken);

    public abstract PullRequestInfo? FindPullRequest(string head, string baseBranch, CancellationToken cancellationToken);

    /// <summary>The most files a tree listing may hold: a GitOps repository is far smaller, and a reply is input too.</summary>
    protected const int MaxTreeEntries = 100_000;

    /// <summary>
    /// Every service keeps one open pull request per head and base branch and refuses a second one (GitHub 422, GitLab
    /// 409, Azure DevOps 409 TF401179): then the open one is the answer, so opening is safe to repeat.
    /// </summary>
    protected string? ExistingPullRequest(RestResponse response, PullRequestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(request);
        return response.Status is 409 or 422 && (response.Text.Contains("already exists", StringComparison.OrdinalIgnoreCase) || response.Text.Contains("TF401179", StringComparison.Ordinal))
            ? FindPullRequest(request.HeadBranch, request.BaseBranch, cancellationToken) is { Open: true } open ? open.Url : null
            : null;
    }

    protected static string Escape(string value) => Uri.EscapeDataString(value);

    protected static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
