using System.Globalization;
using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Rollback;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Hosting;

/// <summary>
/// The ways the real services refuse, each with the outcome a user sees: GitHub's secondary rate limit, the ref race
/// (422 "Update is not a fast forward"), GitLab's stale last_commit_id (400), Azure DevOps' stale oldObjectId (409), and
/// 401 versus 403 versus 404 on every provider. Retries happen in the one HTTP stack (Core/Http RetryHandler).
/// </summary>
public sealed class FailureModeTests
{
    public static TheoryData<PullRequestProvider> Providers => new() { PullRequestProvider.GitHub, PullRequestProvider.GitLab, PullRequestProvider.AzureDevOps };

    [Theory]
    [InlineData(403, "retry-after")]
    [InlineData(429, "x-ratelimit-reset")]
    public void A_GitHub_secondary_rate_limit_on_a_read_is_waited_out_and_the_read_succeeds(int status, string header)
    {
        using var fleet = new RestFleet(PullRequestProvider.GitHub);
        var headers = header == "retry-after" ? new Dictionary<string, string> { ["retry-after"] = "1" }
            : new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) };
        fleet.Host.Fail(status, headers);

        var tip = fleet.Api().BranchTip("main", CancellationToken.None);

        Assert.Equal(fleet.Scenario.RemoteHead, tip);
        Assert.Equal([status, 200], fleet.Host.Exchanges.Select(e => e.Status));
    }

    [Fact]
    public void A_GitHub_secondary_rate_limit_on_the_ref_move_is_not_sent_again_and_says_rate_limited()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitHub);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        fleet.Host.Fail(403, new Dictionary<string, string> { ["retry-after"] = "1" }, method: "PATCH");

        var error = Assert.Throws<GitOperationException>(() => fleet.Engine().Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None));

        Assert.Equal("RestApiRateLimited", error.ErrorId);
        Assert.Single(fleet.Host.Exchanges, e => e.Method == "PATCH");
        Assert.Equal(bad, fleet.Scenario.RemoteHead);
    }

    [Fact]
    public void A_GitHub_ref_race_is_answered_422_not_a_fast_forward_and_the_revert_is_remade_on_the_new_tip()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitHub);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        var other = string.Empty;
        fleet.Host.BeforeWrite = () => other = fleet.Push("Unrelated change", "infra/redis.yaml", "kind: ConfigMap\n");

        var decision = fleet.Engine().Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Contains(fleet.Host.Exchanges, e => e.Method == "PATCH" && e.Status == 422 && e.ResponseBody.Contains("Update is not a fast forward", StringComparison.Ordinal));
        Assert.Equal(other, fleet.Scenario.Git("rev-parse", "main^"));
        Assert.Single(fleet.RemoteReverts());
    }

    [Fact]
    public void A_GitLab_commit_with_a_stale_last_commit_id_is_answered_400_and_the_re_read_finds_the_newer_commit()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitLab);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        var newer = string.Empty;
        fleet.Host.BeforeWrite = () => newer = fleet.Push("Someone edits the same file", "apps/web.yaml", RestFleet.Web("2.0.1"));

        var decision = fleet.Engine().Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None);

        Assert.Contains(fleet.Host.Exchanges, e => e.Method == "POST" && e.Status == 400 && e.ResponseBody.Contains("has changed since", StringComparison.Ordinal));
        Assert.Equal((RollbackOutcome.Skipped, RollbackReason.Superseded), (decision.Outcome, decision.Reason));
        Assert.Empty(fleet.RemoteReverts());
        Assert.Equal(newer, fleet.Scenario.RemoteHead);
    }

    [Fact]
    public void GitLab_checks_the_whole_tree_a_change_to_an_untouched_file_before_the_write_means_re_reading()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitLab);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        var moved = string.Empty;
        var approvals = 0;
        var engine = fleet.Engine();

        var decision = engine.Handle(RollbackEvents.For(bad), _ =>
        {
            if (approvals++ == 0)
            {
                moved = fleet.Push("An unrelated file changes after the plan", "infra/redis.yaml", "kind: ConfigMap\n");
            }

            return true;
        }, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Equal(2, approvals); // the first plan was not written: the branch had moved under it
        Assert.Single(fleet.Host.Exchanges, e => e.Method == "POST");
        Assert.Equal(moved, fleet.Scenario.Git("rev-parse", "main^"));
    }

    [Fact]
    public void An_Azure_DevOps_push_with_a_stale_old_object_id_is_answered_409_and_the_revert_is_remade()
    {
        using var fleet = new RestFleet(PullRequestProvider.AzureDevOps);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        var other = string.Empty;
        fleet.Host.BeforeWrite = () => other = fleet.Push("Unrelated change", "infra/redis.yaml", "kind: ConfigMap\n");

        var decision = fleet.Engine().Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Contains(fleet.Host.Exchanges, e => e.Method == "POST" && e.Status == 409 && e.ResponseBody.Contains("TF401028", StringComparison.Ordinal));
        Assert.Equal(other, fleet.Scenario.Git("rev-parse", "main^"));
        Assert.Single(fleet.RemoteReverts());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_wrong_token_a_read_only_token_and_an_unknown_repository_are_401_403_and_404_each_with_its_advice(PullRequestProvider provider)
    {
        using var fleet = new RestFleet(provider);
        var bad = fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RestFleet.Web("2.0.0"));
        fleet.Host.ReadOnlyToken = "read-only-7c1d";
        var unknown = HostingProviders.Connect(new HostingTarget
        {
            Provider = provider,
            ApiUrl = fleet.ApiUrl,
            Repository = fleet.RepositoryId.Replace("fleet", "nope", StringComparison.Ordinal),
            Token = RestFleet.Token,
            Environment = _ => null,
        });

        var unauthorized = Assert.Throws<GitOperationException>(() => new RollbackEngine(fleet.Repository("wrong-3e9f"), new()).Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None));
        var forbidden = Assert.Throws<GitOperationException>(() => new RollbackEngine(fleet.Repository("read-only-7c1d"), new() { Cooldown = TimeSpan.Zero }).Handle(RollbackEvents.For(bad), Approve.Always, CancellationToken.None));
        var notFound = Assert.Throws<GitOperationException>(() => unknown.ListTree(bad, CancellationToken.None));

        Assert.Equal(("RestApiAuthenticationFailed", "did not accept the token (401)"), (unauthorized.ErrorId, Said(unauthorized, "did not accept the token (401)")));
        Assert.Equal(("RestApiForbidden", "not allowed"), (forbidden.ErrorId, Said(forbidden, "not allowed")));
        Assert.Equal(("RestApiNotFound", "does not exist, or the token cannot see it"), (notFound.ErrorId, Said(notFound, "does not exist, or the token cannot see it")));
        Assert.Equal(bad, fleet.Scenario.RemoteHead);
        Assert.DoesNotContain("read-only-7c1d", forbidden.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-3e9f", unauthorized.ToString(), StringComparison.Ordinal);
    }

    private static string? Said(Exception error, string text) => error.Message.Contains(text, StringComparison.Ordinal) ? text : error.Message;
}
