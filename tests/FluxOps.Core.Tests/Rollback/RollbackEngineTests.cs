using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Rollback;

/// <summary>The policy and the revert against a real git smart-HTTP remote; the loop-guard state is only the trailers.</summary>
public sealed class RollbackEngineTests : IDisposable
{
    private readonly RollbackFleet _fleet = new();

    [Fact]
    public void A_failing_commit_is_reverted_once_on_the_remote_with_the_trailers()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));

        var decision = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Equal(bad, decision.BadSha);
        var revert = Assert.Single(_fleet.RemoteReverts());
        Assert.Equal(revert, _fleet.Scenario.RemoteHead);
        Assert.Equal(decision.Revert!.RevertSha, revert);
        Assert.True(_fleet.Scenario.RemoteIsAncestor(bad, revert), "the remote was only fast-forwarded");
        var message = _fleet.Scenario.RemoteMessage(revert);
        Assert.Contains("Reverted-by: FluxOps", message, StringComparison.Ordinal);
        Assert.Contains($"Fluxops-Reverts: {bad}", message, StringComparison.Ordinal);
        Assert.Contains("Fluxops-Reason: Kustomization/flux-system/apps HealthCheckFailed", message, StringComparison.Ordinal);
        Assert.Contains("Fluxops-Bad-Image: ghcr.io/acme/web:2.0.0", message, StringComparison.Ordinal);
        Assert.Contains("web:1.0.0", _fleet.Scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_event_again_from_a_fresh_engine_is_AlreadyReverted_because_the_trailers_say_so()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        var again = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Skipped, again.Outcome);
        Assert.Equal(RollbackReason.AlreadyReverted, again.Reason);
        Assert.Single(_fleet.RemoteReverts());
    }

    [Fact]
    public void A_failure_reported_for_the_revert_itself_never_reverts_the_revert()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var first = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        var loop = _fleet.Engine().Handle(RollbackFleet.Event(first.Revert!.RevertSha!), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.IsFluxOpsRevert, loop.Reason);
        Assert.Single(_fleet.RemoteReverts());
    }

    [Fact]
    public void Duplicates_collapse_in_one_engine_before_git_is_read()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var engine = _fleet.Engine();

        var outcomes = Enumerable.Range(0, 3).Select(_ => engine.Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None)).ToList();

        Assert.Equal([RollbackReason.BadCommit, RollbackReason.Duplicate, RollbackReason.Duplicate], outcomes.Select(o => o.Reason));
        Assert.Single(_fleet.RemoteReverts());
    }

    [Fact]
    public void Only_the_newest_commit_in_the_kustomization_path_is_guilty()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var unrelated = _fleet.Push("Tune redis", "infra/redis.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: redis}\ndata: {maxmemory: 200mb}\n");

        var decision = _fleet.Engine().Handle(RollbackFleet.Event(unrelated), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Equal(bad, decision.BadSha);
        Assert.Contains("200mb", _fleet.Scenario.RemoteFile("main", "infra/redis.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_revision_superseded_by_a_newer_commit_in_the_same_path_is_left_to_flux()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        _fleet.Push("Fix web: 2.0.1", "apps/web.yaml", RollbackFleet.Web("2.0.1"));

        var decision = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.Superseded, decision.Reason);
        Assert.Contains("Flux will try those", decision.Message, StringComparison.Ordinal);
        Assert.Empty(_fleet.RemoteReverts());
    }

    [Fact]
    public void A_revision_that_is_no_longer_on_the_branch_is_refused()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var engine = _fleet.Engine();
        Assert.Equal(RollbackOutcome.WouldRevert, engine.Handle(RollbackFleet.Event(bad), Approve.Never, CancellationToken.None).Outcome);
        // A person rewound main by hand (FluxOps never does): the commit Flux attempted is gone from the branch.
        _fleet.Scenario.Publisher.Git("push", "-q", "-f", "origin", "HEAD~1:main");
        var head = _fleet.Scenario.RemoteHead;

        var decision = engine.Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.NotAncestor, decision.Reason);
        Assert.Equal(head, _fleet.Scenario.RemoteHead);
    }

    [Fact]
    public void A_revision_the_remote_never_had_is_unknown()
    {
        var decision = _fleet.Engine().Handle(RollbackFleet.Event("0123456789abcdef0123456789abcdef01234567"), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.UnknownRevision, decision.Reason);
    }

    [Fact]
    public void Cooldown_per_kustomization_and_the_circuit_breaker_trip_as_configured()
    {
        var first = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var cooling = new RollbackPolicyOptions { Cooldown = TimeSpan.FromHours(1), MaxRevertsPerWindow = 2, Window = TimeSpan.FromHours(1) };
        Assert.Equal(RollbackOutcome.Reverted, _fleet.Engine(cooling).Handle(RollbackFleet.Event(first), Approve.Always, CancellationToken.None).Outcome);
        _fleet.Scenario.SyncPublisher();
        var second = _fleet.Push("Bump web to 3.0.0", "apps/web.yaml", RollbackFleet.Web("3.0.0"));

        var cooled = _fleet.Engine(cooling).Handle(RollbackFleet.Event(second), Approve.Always, CancellationToken.None);
        Assert.Equal(RollbackReason.Cooldown, cooled.Reason);

        var redis = _fleet.Push("Break redis", "infra/redis.yaml", "broken: [");
        var otherKustomization = _fleet.Engine(cooling).Handle(RollbackFleet.Event(redis, name: "infra"), Approve.Always, CancellationToken.None);
        Assert.Equal(RollbackOutcome.Reverted, otherKustomization.Outcome);

        _fleet.Scenario.SyncPublisher();
        var third = _fleet.Push("Bump web to 4.0.0", "apps/web.yaml", RollbackFleet.Web("4.0.0"));
        var tripped = _fleet.Engine(cooling).Handle(RollbackFleet.Event(third), Approve.Always, CancellationToken.None);
        Assert.Equal(RollbackReason.CircuitOpen, tripped.Reason);
        Assert.Contains("a human must look", tripped.Message, StringComparison.Ordinal);
        Assert.Equal(2, _fleet.RemoteReverts().Count);
    }

    [Fact]
    public void A_known_bad_image_that_comes_back_is_reverted_and_said_plainly()
    {
        var first = _fleet.Push("Update from image update automation", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        _fleet.Engine().Handle(RollbackFleet.Event(first), Approve.Always, CancellationToken.None);
        _fleet.Scenario.SyncPublisher();
        var again = _fleet.Push("Re-apply 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));

        var decision = _fleet.Engine().Handle(RollbackFleet.Event(again), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Equal(RollbackReason.KnownBadImageReintroduced, decision.Reason);
        Assert.Equal(["ghcr.io/acme/web:2.0.0"], decision.KnownBadImages);
        Assert.Contains("already known bad", decision.Message, StringComparison.Ordinal);
        Assert.Equal(2, _fleet.RemoteReverts().Count);
    }

    [Fact]
    public void A_helmrelease_failure_reverts_the_newest_commit_that_changed_its_manifest_or_values()
    {
        var values = _fleet.Push("podinfo: 3 replicas and a bad probe", "apps/podinfo/values.yaml", "replicaCount: 3\nprobe: broken\n");
        _fleet.Push("Tune redis", "infra/redis.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: redis}\ndata: {maxmemory: 300mb}\n");

        var decision = _fleet.Engine().Handle(RollbackFleet.Event("", kind: "HelmRelease", name: "podinfo", @namespace: "apps", reason: "UpgradeFailed", revision: "6.5.0"), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Equal(values, decision.BadSha);
        Assert.Equal("replicaCount: 1", _fleet.Scenario.RemoteFile("main", "apps/podinfo/values.yaml"));
    }

    [Fact]
    public void WhatIf_decides_without_touching_the_remote()
    {
        var bad = _fleet.Push("Bump web to 2.0.0", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var refs = _fleet.Scenario.RemoteRefs;

        var decision = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Never, CancellationToken.None);

        Assert.Equal(RollbackOutcome.WouldRevert, decision.Outcome);
        Assert.Equal(bad, decision.BadSha);
        Assert.Equal(refs, _fleet.Scenario.RemoteRefs);
    }

    [Fact]
    public void An_oci_revision_is_skipped_as_not_a_git_commit()
    {
        var decision = _fleet.Engine().Handle(RollbackFleet.Event("", revision: "latest@sha256:d3b0a8a1c0b5e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819"), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.NotAGitRevision, decision.Reason);
        Assert.Contains("not a git commit", decision.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
