using System.Net;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>
/// Start-FluxRollbackReceiver in a real pwsh against a fleet repository that also holds hostile YAML (100,000 nested
/// '[', an alias bomb, bytes that are not UTF-8, all saying <c>kind:</c>). Before the YAML gateway the first signed
/// event made the receiver's manifest index overflow the stack and the process died; now it answers, stays up, and
/// still finds the guilty commit through the good Kustomization's path.
/// </summary>
public sealed class HostileRepositoryYamlReceiverTests : IDisposable
{
    private const string Key = "hostile-yaml-hmac-key";
    private readonly FluxRepoScenario _scenario = new();

    public HostileRepositoryYamlReceiverTests()
    {
        FluxFleet.Seed(_scenario);
        HostileYaml.Commit(_scenario.Publisher);
        _scenario.Publisher.Git("push", "-q", "origin", "HEAD:main");
    }

    [Fact]
    public void The_receiver_survives_hostile_files_and_reverts_the_commit_that_changed_the_Kustomization_path()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        // Flux attempted this later commit; only the Kustomization's path (./apps, read from the good manifest, not the
        // ./nowhere and ./elsewhere the hostile files claim) says the guilty one is the commit before it.
        var attempted = _scenario.Push("Tune redis", new Dictionary<string, string> { ["infra/redis.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: redis}\ndata: {maxmemory: 200mb}\n" });
        using var receiver = new ReceiverProcess(_scenario, Key, "-Cooldown 0");
        var body = FluxEventFactory.Kustomization(attempted);

        Assert.Equal(HttpStatusCode.Accepted, receiver.Post(body, FluxEventFactory.Sign(body, Key)));
        receiver.WaitForDecisions(1);

        Assert.False(receiver.Process.HasExited, receiver.Process.Output);
        Assert.Equal("ok\n", receiver.Get("/healthz"));
        Assert.Equal(1, receiver.Metric("fluxops_rollback_decisions_total", "outcome=\"Reverted\""));
        var message = _scenario.RemoteMessage("main");
        Assert.Contains($"Fluxops-Reverts: {bad}", message, StringComparison.Ordinal);
        Assert.DoesNotContain(attempted, message, StringComparison.Ordinal);
        Assert.Contains("maxmemory: 200mb", _scenario.RemoteFile("main", "infra/redis.yaml"), StringComparison.Ordinal);
        Assert.Contains("image: ghcr.io/acme/web:1.0.0", _scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal);

        // Still serving after the decision: a second, unsigned request is refused by a live process.
        Assert.Equal(HttpStatusCode.Unauthorized, receiver.Post(body, null));
        Assert.False(receiver.Process.HasExited, receiver.Process.Output);
    }

    public void Dispose() => _scenario.Dispose();
}
