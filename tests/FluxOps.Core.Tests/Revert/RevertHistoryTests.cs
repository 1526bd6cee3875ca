using FluxOps.Core.Git;
using FluxOps.Core.Revert;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Revert;

/// <summary>Get-FluxRevertHistory's use case: what FluxOps reverted, read back from the trailers of a real remote's history.</summary>
public sealed class RevertHistoryTests : IDisposable
{
    private readonly RollbackFleet _fleet = new();

    [Fact]
    public void Automated_and_manual_reverts_with_who_why_and_the_bad_images_newest_first()
    {
        var automated = _fleet.Push("Update from image update automation", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var decision = _fleet.Engine().Handle(RollbackFleet.Event(automated), Approve.Always, CancellationToken.None);
        _fleet.Scenario.SyncPublisher();
        var manual = _fleet.Push("Break redis", "infra/redis.yaml", "broken: [");
        using var clone = _fleet.Scenario.NewClone();
        var manualRevert = Assert.Single(FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = clone.Path,
            Commits = [manual],
            Credential = _fleet.Credential,
            Settings = new RevertSettings { Reason = "redis typo" },
        })).RevertSha!;

        var records = RevertHistory.Read(clone.Path, null, null).ToList();

        Assert.Equal([manualRevert, decision.Revert!.RevertSha], records.Select(r => r.RevertSha));
        var (newest, oldest) = (records[0], records[1]);
        Assert.Equal((RevertTrigger.Manual, "Ops Engineer <ops@example.test>", "redis typo", (string?)null), (newest.Trigger, newest.DecidedBy, newest.Reason, newest.Source));
        Assert.Equal([manual], newest.RevertedShas);
        Assert.Equal(RevertTrigger.Automation, oldest.Trigger);
        Assert.Equal("Kustomization/flux-system/apps", oldest.Source);
        Assert.StartsWith("rollback policy on ", oldest.DecidedBy, StringComparison.Ordinal);
        Assert.Equal(["ghcr.io/acme/web:2.0.0"], oldest.BadImages);
        Assert.Equal("main", oldest.Branch);
        Assert.All(records, r => Assert.False(r.Undone));
    }

    [Fact]
    public void Since_stops_at_older_reverts_and_an_undone_revert_says_so()
    {
        var bad = _fleet.Push("Update from image update automation", "apps/web.yaml", RollbackFleet.Web("2.0.0"));
        var revert = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None).Revert!.RevertSha!;
        _fleet.Scenario.SyncPublisher();
        _fleet.Scenario.Publisher.Git("revert", "--no-edit", revert); // a person puts 2.0.0 back
        _fleet.Scenario.Publisher.Git("push", "-q", "origin", "HEAD:main");
        using var clone = _fleet.Scenario.NewClone();

        var all = Assert.Single(RevertHistory.Read(clone.Path, "main", null));
        var none = RevertHistory.Read(clone.Path, "main", DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.Equal(revert, all.RevertSha);
        Assert.True(all.Undone);
        Assert.Empty(none);
    }

    [Fact]
    public void Outside_a_repository_it_is_a_clear_error()
    {
        using var empty = new TempDirectory("fluxops-not-a-repo");

        var error = Assert.Throws<GitOperationException>(() => RevertHistory.Read(empty.Path, null, null).ToList());

        Assert.Equal("NotAGitRepository", error.ErrorId);
    }

    public void Dispose() => _fleet.Dispose();
}
