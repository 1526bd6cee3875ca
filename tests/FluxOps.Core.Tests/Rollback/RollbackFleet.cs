using FluxOps.Core.Git;
using FluxOps.Core.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Rollback;

/// <summary>A Flux fleet repository on the real git smart-HTTP server, with two Kustomizations and a HelmRelease.</summary>
internal sealed class RollbackFleet : IDisposable
{
    private readonly TempDirectory _cache = new("fluxops-rollback-cache");

    public RollbackFleet()
    {
        FluxFleet.Seed(Scenario);
    }

    public FluxRepoScenario Scenario { get; } = new();

    public static string Web(string tag) => FluxFleet.Web(tag);

    public GitCredential Credential => new(Scenario.Server.User, Scenario.Server.Password);

    public RollbackEngine Engine(RollbackPolicyOptions? options = null) =>
        new(GitRollbackRepository.ForUrl(Scenario.Url, "main", Credential, _cache.Path), options ?? new RollbackPolicyOptions { Cooldown = TimeSpan.Zero });

    public string Push(string message, string path, string content) => Scenario.Push(message, new Dictionary<string, string> { [path] = content });

    public static FluxEvent Event(string sha, string kind = "Kustomization", string name = "apps", string reason = "HealthCheckFailed", string @namespace = "flux-system", string? revision = null) => new()
    {
        Kind = kind,
        Namespace = @namespace,
        Name = name,
        Uid = $"uid-{name}",
        Severity = "error",
        Reason = reason,
        Message = "health check failed after 5m0s: timeout waiting for: [Deployment/apps/web status: 'InProgress']",
        Revision = revision ?? $"main@sha1:{sha}",
        Sha = sha,
        Timestamp = DateTimeOffset.UtcNow,
    };

    /// <summary>FluxOps revert commits on the remote main, newest first.</summary>
    public IReadOnlyList<string> RemoteReverts() =>
        Scenario.Git("log", "--format=%H", "--grep=Reverted-by: FluxOps", "main").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public void Dispose()
    {
        Scenario.Dispose();
        _cache.Dispose();
    }
}
