using FluxOps.Models;

namespace FluxOps.Core.Tests.Rollback;

/// <summary>
/// A revert records every image it takes back as Fluxops-Bad-Image (not only fields with an image-policy marker), so a
/// person bringing a known-bad image back by hand is recognised, in whichever field it comes back.
/// </summary>
public sealed class BadImageRecordTests : IDisposable
{
    private readonly RollbackFleet _fleet = new();

    private static string Api(string tag) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: api, namespace: apps}
        spec:
          template:
            spec:
              containers:
                - name: api
                  image: ghcr.io/acme/api:{{tag}}
                - name: proxy
                  image: ghcr.io/acme/proxy:1.0.0
        """;

    [Fact]
    public void A_hand_edited_image_is_recorded_bad_and_its_return_is_KnownBadImageReintroduced()
    {
        _fleet.Push("Add api", "apps/api.yaml", Api("1.0.0"));
        var bad = _fleet.Push("Bump api to 2.0.0", "apps/api.yaml", Api("2.0.0"));

        var first = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, first.Outcome);
        Assert.Equal(["ghcr.io/acme/api:2.0.0"], first.Revert!.BadImages);
        var message = _fleet.Scenario.RemoteMessage(first.Revert.RevertSha!);
        Assert.Contains("Fluxops-Bad-Image: ghcr.io/acme/api:2.0.0", message, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy", message, StringComparison.Ordinal); // unchanged images are not blamed

        _fleet.Scenario.SyncPublisher();
        var again = _fleet.Push("Try api 2.0.0 again", "apps/api.yaml", Api("2.0.0").Replace("proxy:1.0.0", "proxy:1.0.1", StringComparison.Ordinal));
        var second = _fleet.Engine().Handle(RollbackFleet.Event(again), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackReason.KnownBadImageReintroduced, second.Reason);
        Assert.Equal(["ghcr.io/acme/api:2.0.0"], second.KnownBadImages);
    }

    [Fact]
    public void Images_in_helm_values_and_in_files_the_commit_added_are_recorded_too()
    {
        var bad = _fleet.Scenario.Push("Podinfo 6.5.1 and a new worker", new Dictionary<string, string>
        {
            ["apps/podinfo/values.yaml"] = "replicaCount: 1\nimage:\n  repository: ghcr.io/stefanprodan/podinfo\n  tag: 6.5.1\n",
            ["apps/worker.yaml"] = Api("9.9.9").Replace("name: api", "name: worker", StringComparison.Ordinal),
        });

        var decision = _fleet.Engine().Handle(RollbackFleet.Event(bad), Approve.Always, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.Equal(
            ["ghcr.io/acme/api:9.9.9", "ghcr.io/acme/proxy:1.0.0", "ghcr.io/stefanprodan/podinfo:6.5.1"],
            decision.Revert!.BadImages.Order(StringComparer.Ordinal));
        var message = _fleet.Scenario.RemoteMessage("main");
        Assert.Contains("Fluxops-Bad-Image: ghcr.io/stefanprodan/podinfo:6.5.1", message, StringComparison.Ordinal);
        Assert.Contains("Fluxops-Bad-Image: ghcr.io/acme/api:9.9.9", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Through_a_hosting_api_the_revert_records_the_hand_edited_image_and_who_decided()
    {
        using var rest = new RestFleet(PullRequestProvider.GitLab);
        rest.Push("Add api", "apps/api.yaml", Api("1.0.0"));
        var bad = rest.Push("Bump api to 2.0.0", "apps/api.yaml", Api("2.0.0"));

        var result = Assert.Single(FluxOps.Core.Revert.RestReverter.Run(rest.Api(), new FluxOps.Core.Revert.RestRevertRequest
        {
            Commits = [bad],
            Branch = "main",
            AuthorName = "Ops Engineer",
            AuthorEmail = "ops@example.test",
        }));

        Assert.Equal(["ghcr.io/acme/api:2.0.0"], result.BadImages);
        var message = rest.Scenario.RemoteMessage("main");
        Assert.Contains("Fluxops-Bad-Image: ghcr.io/acme/api:2.0.0", message, StringComparison.Ordinal);
        Assert.Contains("Fluxops-Trigger: Manual\nFluxops-Decided-By: Ops Engineer <ops@example.test>", message, StringComparison.Ordinal);
    }

    public void Dispose() => _fleet.Dispose();
}
