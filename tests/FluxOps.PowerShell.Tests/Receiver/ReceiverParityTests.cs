using System.Net;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>
/// Start-FluxRollbackReceiver has what Invoke-FluxRollback has: -PullRequest (the revert is proposed, and a second event
/// for the same commit finds the open pull request) and REST mode (-Provider, the hosted repository, the token from the
/// environment a Kubernetes Secret fills). Each receiver is its own pwsh process against the fakes.
/// </summary>
public sealed class ReceiverParityTests : IDisposable
{
    private const string Key = "parity-hmac-key";
    private const string RestToken = "receiver-rest-token-4b2e";
    private readonly List<IDisposable> _owned = [];

    [Fact]
    public void With_PullRequest_the_revert_is_proposed_once_and_a_second_event_for_the_commit_finds_the_open_pull_request()
    {
        var scenario = Own(new FluxRepoScenario("acme/fleet"));
        FluxFleet.Seed(scenario);
        var host = Own(new FakeGitHostServer(scenario.BarePath, scenario.Server.Password));
        var bad = scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var main = scenario.RemoteHead;
        var receiver = Own(new ReceiverProcess(scenario, Key, $"-Cooldown 0 -PullRequest -Provider GitHub -ApiUrl {host.GitHubApiUrl}"));

        Post(receiver, FluxEventFactory.Kustomization(bad));
        receiver.WaitForDecisions(1);
        Post(receiver, FluxEventFactory.Kustomization(bad, reason: "ReconciliationFailed"));
        receiver.WaitForDecisions(2);

        var pull = Assert.Single(host.OpenedPullRequests);
        Assert.Equal(("fluxops/revert-" + bad[..7], "main", true), (pull.Head, pull.Base, pull.Open));
        Assert.Equal(1, receiver.Metric("fluxops_rollback_decisions_total", "reason=\"AlreadyProposed\""));
        Assert.Equal(main, scenario.RemoteHead); // nothing lands on main until a person merges
        Assert.Contains($"Fluxops-Reverts: {bad}", scenario.RemoteMessage(pull.Head), StringComparison.Ordinal);
    }

    [Fact]
    public void In_REST_mode_the_revert_goes_through_the_API_with_the_token_from_the_environment_and_a_repeat_is_already_reverted()
    {
        var scenario = Own(new FluxRepoScenario());
        FluxFleet.Seed(scenario);
        var host = Own(new FakeGitHostServer(scenario.BarePath, RestToken));
        var bad = scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var receiver = Own(RestReceiver(scenario, host, "GitLab", "-Cooldown 0"));

        Post(receiver, FluxEventFactory.Kustomization(bad));
        receiver.WaitForDecisions(1);
        Post(receiver, FluxEventFactory.Kustomization(bad, reason: "ReconciliationFailed"));
        receiver.WaitForDecisions(2);

        Assert.Equal(1, receiver.Metric("fluxops_rollback_reverts_total"));
        Assert.Equal(1, receiver.Metric("fluxops_rollback_decisions_total", "reason=\"AlreadyReverted\""));
        Assert.Contains($"Fluxops-Reverts: {bad}", scenario.RemoteMessage("main"), StringComparison.Ordinal);
        Assert.Equal(bad, scenario.Git("rev-parse", "main^"));
        Assert.DoesNotContain(RestToken, receiver.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Three_REST_receivers_and_a_duplicate_storm_make_exactly_one_revert()
    {
        var scenario = Own(new FluxRepoScenario());
        FluxFleet.Seed(scenario);
        var host = Own(new FakeGitHostServer(scenario.BarePath, RestToken));
        var bad = scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var receivers = Enumerable.Range(0, 3).Select(_ => Own(RestReceiver(scenario, host, "AzureDevOps", "-Cooldown 0"))).ToList();

        Storm(receivers, FluxEventFactory.Kustomization(bad), 300);

        Assert.Equal(1, receivers.Sum(r => r.Metric("fluxops_rollback_reverts_total")));
        Assert.Equal(2, receivers.Sum(r => r.Metric("fluxops_rollback_decisions_total", "reason=\"AlreadyReverted\"")));
        Assert.Single(scenario.Git("log", "--format=%H", "--grep=Reverted-by: FluxOps", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(bad, scenario.Git("rev-parse", "main^"));
    }

    [Theory]
    [InlineData("git")]
    [InlineData("REST")]
    public void Three_receivers_with_PullRequest_and_a_duplicate_storm_open_exactly_one_pull_request(string mode)
    {
        var scenario = Own(new FluxRepoScenario("acme/fleet"));
        FluxFleet.Seed(scenario);
        var host = Own(new FakeGitHostServer(scenario.BarePath, mode == "git" ? scenario.Server.Password : RestToken));
        var bad = scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var main = scenario.RemoteHead;
        var receivers = Enumerable.Range(0, 3).Select(_ => Own(mode == "git"
            ? new ReceiverProcess(scenario, Key, $"-Cooldown 0 -PullRequest -Provider GitHub -ApiUrl {host.GitHubApiUrl}")
            : RestReceiver(scenario, host, "GitHub", "-Cooldown 0 -PullRequest"))).ToList();

        Storm(receivers, FluxEventFactory.Kustomization(bad), 300);

        var pull = Assert.Single(host.OpenedPullRequests);
        Assert.Equal("fluxops/revert-" + bad[..7], pull.Head);
        Assert.Single(scenario.Git("for-each-ref", "--format=%(refname)", "refs/heads/fluxops/").Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(bad, scenario.Git("rev-parse", pull.Head + "^"));
        Assert.Equal(main, scenario.RemoteHead);
        Assert.Equal(1, receivers.Sum(r => r.Metric("fluxops_rollback_reverts_total")));
        Assert.All(receivers, r => Assert.Equal(0, r.Metric("fluxops_rollback_decisions_total", "outcome=\"Failed\"")));
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    /// <summary>A receiver in REST mode whose token comes from the provider's variable, as a Secret mounted as environment sets it.</summary>
    private static ReceiverProcess RestReceiver(FluxRepoScenario scenario, FakeGitHostServer host, string provider, string extra)
    {
        var (api, repository, variable) = provider switch
        {
            "GitHub" => (host.GitHubApiUrl, "acme/fleet", "GITHUB_TOKEN"),
            "GitLab" => (host.GitLabApiUrl, "acme/fleet", "GITLAB_TOKEN"),
            _ => (host.AzureDevOpsApiUrl, "acme/platform/fleet", "SYSTEM_ACCESSTOKEN"),
        };
        return new ReceiverProcess(scenario, Key, extra, $"-Provider {provider} -Repository {repository} -ApiUrl $env:T_API",
            new Dictionary<string, string?> { ["T_API"] = api, [variable] = RestToken });
    }

    /// <summary>Every receiver gets a share of the same signed event, concurrently; each decides it once, the rest are duplicates.</summary>
    private static void Storm(IReadOnlyList<ReceiverProcess> receivers, string body, int events)
    {
        var signature = FluxEventFactory.Sign(body, Key);
        var statuses = new HttpStatusCode[events];
        Parallel.For(0, events, new ParallelOptions { MaxDegreeOfParallelism = 12 }, i => statuses[i] = receivers[i % receivers.Count].Post(body, signature));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Accepted, s));
        foreach (var receiver in receivers)
        {
            receiver.WaitForDecisions(events / receivers.Count, TimeSpan.FromSeconds(120));
            Assert.Equal(1, receiver.Metric("fluxops_rollback_decisions_total") - receiver.Metric("fluxops_rollback_decisions_total", "reason=\"Duplicate\""));
        }
    }

    private static void Post(ReceiverProcess receiver, string body) =>
        Assert.Equal(HttpStatusCode.Accepted, receiver.Post(body, FluxEventFactory.Sign(body, Key)));

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
