using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Revert;

/// <summary>
/// Resume-FluxImageAutomation's use case against the real git smart-HTTP server: the markers a revert paused come back
/// exactly, in one fast-forward commit that is rebuilt when the branch moves, or as a pull request.
/// </summary>
public sealed class AutomationResumeTests : IDisposable
{
    private readonly FluxRepoScenario _scenario = new();
    private readonly string _seeded;

    public AutomationResumeTests()
    {
        FluxFleet.Seed(_scenario);
        _seeded = _scenario.RemoteFile("main", "apps/web.yaml");
    }

    private GitCredential Credential => new(_scenario.Server.User, _scenario.Server.Password);

    /// <summary>Image automation bumps web, and the panic button reverts it (pausing the marker).</summary>
    private string BumpAndRevert(GitWorkTree clone, string tag)
    {
        var bad = _scenario.Push("Update from image update automation", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web(tag) });
        _scenario.Pull(clone);
        Assert.True(Assert.Single(FluxReverter.Run(new RevertRequest { RepositoryPath = clone.Path, Commits = [bad], Credential = Credential })).Pushed);
        _scenario.SyncPublisher();
        return bad;
    }

    private ResumeOrder Order(GitWorkTree clone) => new(clone.Path) { Credential = Credential, Backoff = TimeSpan.FromMilliseconds(10) };

    [Fact]
    public void The_paused_marker_is_restored_exactly_in_one_pushed_commit()
    {
        using var clone = _scenario.NewClone();
        var bad = BumpAndRevert(clone, "2.0.0");
        Assert.Contains("$imagepolicy-paused-by-fluxops", _scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal);
        var before = _scenario.RemoteHead;
        string? asked = null;

        var outcome = AutomationResume.Run(Order(clone), (description, _) => { asked = description; return true; }, _ => { }, CancellationToken.None);

        var marker = Assert.Single(outcome.Resumed);
        Assert.Equal(("apps/web.yaml", 9, "flux-system:web", "ghcr.io/acme/web:1.0.0", bad[..7]), (marker.File, marker.Line, marker.Policy, marker.Value, marker.PausedAfter));
        Assert.True(marker.Pushed);
        Assert.Equal(_scenario.RemoteHead, marker.ResumeSha);
        Assert.Equal(before, _scenario.Git("rev-parse", "main^"));
        Assert.Equal(_seeded, _scenario.RemoteFile("main", "apps/web.yaml"));
        Assert.Contains($"apps/web.yaml:9 flux-system:web (ghcr.io/acme/web:1.0.0; paused after reverting {bad[..7]})", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("Reverted-by", _scenario.RemoteMessage("main"), StringComparison.Ordinal); // a resume is not a revert
        Assert.Equal(_scenario.RemoteHead, clone.Head); // the clean checked-out branch follows
        Assert.Contains("flux reconcile kustomization apps -n flux-system --with-source", outcome.Reconcile!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Declining_changes_nothing_and_a_filter_that_matches_nothing_leaves_the_marker_paused()
    {
        using var clone = _scenario.NewClone();
        BumpAndRevert(clone, "2.0.0");
        var refs = _scenario.RemoteRefs;

        var declined = AutomationResume.Run(Order(clone), (_, _) => false, _ => { }, CancellationToken.None);
        var unmatched = AutomationResume.Run(Order(clone) with { Policies = ["flux-system:api*"] }, (_, _) => true, _ => { }, CancellationToken.None);
        var otherRevert = AutomationResume.Run(Order(clone) with { RevertedShas = [new string('f', 40)] }, (_, _) => true, _ => { }, CancellationToken.None);

        Assert.True(declined.Declined);
        Assert.Empty(declined.Resumed);
        Assert.Empty(unmatched.Resumed);
        Assert.Equal(["apps/web.yaml:9 flux-system:web"], unmatched.LeftPaused);
        Assert.Empty(otherRevert.Resumed);
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void Markers_of_the_given_reverts_only_and_a_moved_branch_means_rebuild_not_force()
    {
        using var clone = _scenario.NewClone();
        var first = BumpAndRevert(clone, "2.0.0");
        _scenario.Push("Add api", new Dictionary<string, string> { ["apps/api.yaml"] = FluxFleet.Web("5.0.0").Replace("web", "api", StringComparison.Ordinal) });
        var second = _scenario.Push("Update from image update automation", new Dictionary<string, string> { ["apps/api.yaml"] = FluxFleet.Web("5.1.0").Replace("web", "api", StringComparison.Ordinal) });
        _scenario.Pull(clone);
        FluxReverter.Run(new RevertRequest { RepositoryPath = clone.Path, Commits = [second], Credential = Credential });
        _scenario.SyncPublisher();
        string? competing = null;

        var outcome = AutomationResume.Run(Order(clone) with
        {
            RevertedShas = [second],
            BeforePush = attempt => competing ??= _scenario.Push("Unrelated change", new Dictionary<string, string> { ["infra/redis.yaml"] = "maxmemory: 1gb\n" }),
        }, (_, _) => true, _ => { }, CancellationToken.None);

        var marker = Assert.Single(outcome.Resumed);
        Assert.Equal(("apps/api.yaml", "flux-system:api"), (marker.File, marker.Policy));
        Assert.Equal(competing, _scenario.Git("rev-parse", "main^")); // rebuilt on top of the competing push
        Assert.Contains("$imagepolicy-paused-by-fluxops\": \"flux-system:web\"} # paused after reverting " + first[..7], _scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain("paused", _scenario.RemoteFile("main", "apps/api.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void As_a_pull_request_the_watched_branch_is_untouched_and_the_second_run_is_already_proposed()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitHub);
        using var clone = fleet.Scenario.NewClone();
        var bad = fleet.Push("Update from image update automation", "apps/web.yaml", RestFleet.Web("2.0.0"));
        fleet.Scenario.Pull(clone);
        FluxReverter.Run(new RevertRequest { RepositoryPath = clone.Path, Commits = [bad], Credential = new GitCredential(fleet.Scenario.Server.User, fleet.Scenario.Server.Password) });
        var main = fleet.Scenario.RemoteHead;
        var order = new ResumeOrder(clone.Path)
        {
            Credential = new GitCredential(fleet.Scenario.Server.User, fleet.Scenario.Server.Password),
            PullRequest = true,
            Hosting = new HostingTarget { Provider = PullRequestProvider.GitHub, ApiUrl = fleet.ApiUrl, Repository = fleet.RepositoryId, Token = RestFleet.Token, Environment = _ => null },
        };

        var first = AutomationResume.Run(order, (_, _) => true, _ => { }, CancellationToken.None);
        var second = AutomationResume.Run(order, (_, _) => true, _ => { }, CancellationToken.None);

        var marker = Assert.Single(first.Resumed);
        Assert.Equal($"fluxops/resume-{main[..7]}", marker.Branch);
        Assert.Equal("https://github.example/acme/fleet/pull/1", marker.PullRequestUrl);
        Assert.Equal(main, fleet.Scenario.RemoteHead);
        Assert.Contains("- `apps/web.yaml:9` flux-system:web (ghcr.io/acme/web:1.0.0)", Assert.Single(fleet.Host.PullRequests).Json.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Empty(second.Resumed);
        Assert.Equal(marker.Branch, second.AlreadyProposedOn);
        Assert.Null(first.Reconcile); // nothing changed on main yet
    }

    public void Dispose() => _scenario.Dispose();
}
