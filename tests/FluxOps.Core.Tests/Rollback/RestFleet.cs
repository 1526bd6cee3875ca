using FluxOps.Core.Hosting;
using FluxOps.Core.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Rollback;

/// <summary>The Flux fleet repository behind the fake hosting APIs (one real bare repository, served as all three providers).</summary>
internal sealed class RestFleet : IDisposable
{
    public const string Token = "rest-token-5f1c9a7e0b";

    public RestFleet(PullRequestProvider provider)
    {
        FluxFleet.Seed(Scenario);
        Host = new FakeGitHostServer(Scenario.BarePath, Token);
        Provider = provider;
    }

    public static string Web(string tag) => FluxFleet.Web(tag);

    public FluxRepoScenario Scenario { get; } = new();

    public FakeGitHostServer Host { get; }

    public PullRequestProvider Provider { get; }

    public string ApiUrl => Provider switch
    {
        PullRequestProvider.GitHub => Host.GitHubApiUrl,
        PullRequestProvider.GitLab => Host.GitLabApiUrl,
        _ => Host.AzureDevOpsApiUrl,
    };

    public string RepositoryId => Provider == PullRequestProvider.AzureDevOps ? "acme/platform/fleet" : "acme/fleet";

    public HostingClient Api(string token = Token) =>
        HostingProviders.Connect(new HostingTarget { Provider = Provider, ApiUrl = ApiUrl, Repository = RepositoryId, Token = token, Environment = _ => null });

    public RestRollbackRepository Repository(string token = Token) => new(Api(token), "main");

    public RollbackEngine Engine() => new(Repository(), new RollbackPolicyOptions { Cooldown = TimeSpan.Zero });

    public string Push(string message, string path, string content) => Scenario.Push(message, new Dictionary<string, string> { [path] = content });

    /// <summary>FluxOps revert commits on the remote main, newest first.</summary>
    public IReadOnlyList<string> RemoteReverts() =>
        Scenario.Git("log", "--format=%H", "--grep=Reverted-by: FluxOps", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        Host.Dispose();
        Scenario.Dispose();
    }
}
