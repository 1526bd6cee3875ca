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

    /// <summary>Opens the pull (merge) request and returns its web URL. Sent once: a second POST would open a second one.</summary>
    public abstract string OpenPullRequest(PullRequestRequest request, CancellationToken cancellationToken);

    protected static string Escape(string value) => Uri.EscapeDataString(value);

    protected static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
