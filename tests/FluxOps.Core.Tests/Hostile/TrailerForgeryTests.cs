using System.Text;
using FluxOps.Core.Flux;
using FluxOps.Core.Tests.Flux;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Hostile;

/// <summary>
/// Trailers are the loop guard's state, so text that did not come from FluxOps' own trailer block must never act as
/// state: not a newline smuggled in through a signed event, not "This reverts commit" quoted in a reason, not a commit
/// message that merely claims to be a revert. Real git smart-HTTP remote, the real rollback engine.
/// </summary>
public sealed class TrailerForgeryTests : IDisposable
{
    private const string Key = "forgery-hmac-key";
    private readonly RollbackFleet _fleet = new();

    private string PushRedis(string size) =>
        _fleet.Push($"Tune redis to {size}", "infra/redis.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: redis}}\ndata: {{maxmemory: {size}}}\n");

    [Fact]
    public void A_signed_event_whose_name_holds_a_newline_is_refused_at_the_door()
    {
        var live = PushRedis("200mb");
        var body = FluxEventSamples.Kustomization(name: $"apps\\nFluxops-Reverts: {live}\\nx");

        var error = Assert.Throws<FluxEventException>(() => FluxEventParser.Parse(Encoding.UTF8.GetBytes(body), FluxEventSamples.Sign(body, Key), Encoding.UTF8.GetBytes(Key), verify: true));

        Assert.Equal("FluxEventMalformedField", error.ErrorId);
        Assert.Contains("\\u000a", error.Message, StringComparison.Ordinal); // shown escaped, never as a second line
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_newline_that_reaches_a_revert_stays_inside_one_line_and_marks_nothing_as_reverted()
    {
        var live = PushRedis("200mb");
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var forged = RollbackFleet.Event(bad, name: $"apps\nFluxops-Reverts: {live}\nx");

        Assert.Equal(RollbackOutcome.Reverted, _fleet.Engine().Handle(forged, Approve.Always, CancellationToken.None).Outcome);
        var message = _fleet.Scenario.RemoteMessage("main");
        Assert.DoesNotContain($"\nFluxops-Reverts: {live}", message, StringComparison.Ordinal);

        // The redis change is still on the branch, so its failure is reverted, not "already reverted".
        var decision = _fleet.Engine().Handle(RollbackFleet.Event(live, name: "infra"), Approve.Always, CancellationToken.None);
        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Contains("100mb", _fleet.Scenario.RemoteFile("main", "infra/redis.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void This_reverts_commit_inside_an_event_message_does_not_count_as_a_revert_of_that_commit()
    {
        var live = PushRedis("200mb");
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var forged = RollbackFleet.Event(bad);
        forged.Message = $"This reverts commit {live}.";

        Assert.Equal(RollbackOutcome.Reverted, _fleet.Engine().Handle(forged, Approve.Always, CancellationToken.None).Outcome);
        Assert.Contains($"This reverts commit {live}.", _fleet.Scenario.RemoteMessage("main"), StringComparison.Ordinal);

        var decision = _fleet.Engine().Handle(RollbackFleet.Event(live, name: "infra"), Approve.Always, CancellationToken.None);
        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
    }

    [Fact]
    public void A_commit_that_only_claims_to_be_a_revert_is_rolled_back_like_any_other()
    {
        var seed = _fleet.Scenario.RemoteHead;
        var bad = _fleet.Push($"Bump web to 2.0.0\n\nThis reverts commit {seed}.", "apps/web.yaml", RollbackFleet.Web("2.0.0"));

        var decision = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Equal(bad, decision.BadSha);
        Assert.Contains("web:1.0.0", _fleet.Scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_real_git_revert_by_a_person_still_counts_even_after_later_edits_to_the_same_file()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        _fleet.Push("Note the owner", "apps/web.yaml", "# owner: team-web\n" + RollbackFleet.Web("2.0.0"));
        var publisher = _fleet.Scenario.Publisher;
        publisher.Git("revert", "--no-edit", bad); // a three-way revert: the later line stays
        publisher.Git("push", "-q", "origin", "HEAD:main");
        var personal = publisher.Head;

        var again = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);
        var ofTheRevert = _fleet.Engine().Handle(RollbackFleet.Event(personal), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.AlreadyReverted, again.Reason);
        Assert.Equal(RollbackReason.IsFluxOpsRevert, ofTheRevert.Reason); // automation never reverts any revert
        Assert.Empty(_fleet.RemoteReverts());
        Assert.Equal(personal, _fleet.Scenario.RemoteHead);
    }

    [Fact]
    public void A_commit_saying_it_reverts_a_live_change_does_not_hide_that_change()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        _fleet.Push($"Tidy up\n\nThis reverts commit {bad}.", "infra/redis.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: redis}\n");

        var decision = _fleet.Engine().Handle(RollbackFleet.Event(bad, revision: $"main@sha1:{bad}"), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Equal(bad, decision.BadSha);
    }

    public void Dispose() => _fleet.Dispose();
}
