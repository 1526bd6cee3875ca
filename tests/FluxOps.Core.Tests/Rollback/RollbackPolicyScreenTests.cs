using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Rollback;

public sealed class RollbackPolicyScreenTests
{
    private static FluxEvent Event(string kind = "Kustomization", string severity = "error", string reason = "HealthCheckFailed", string name = "apps") =>
        new() { Kind = kind, Namespace = "flux-system", Name = name, Severity = severity, Reason = reason, Revision = "main@sha1:1eabc9a41ca088515cab83f1cce49eb43e84b67f" };

    [Theory]
    [InlineData("Kustomization", "error", "HealthCheckFailed", null)]
    [InlineData("HelmRelease", "error", "UpgradeFailed", null)]
    [InlineData("Kustomization", "info", "Progressing", nameof(RollbackReason.NotAnError))]
    [InlineData("GitRepository", "error", "GitOperationFailed", nameof(RollbackReason.UnsupportedKind))]
    [InlineData("Kustomization", "error", "ArtifactFailed", nameof(RollbackReason.ReasonNotAllowed))]
    [InlineData("Kustomization", "error", "DependencyNotReady", nameof(RollbackReason.ReasonNotAllowed))]
    public void Only_error_events_with_an_allowed_reason_from_kustomizations_and_helmreleases_pass(string kind, string severity, string reason, string? skip)
    {
        var verdict = RollbackPolicy.Screen(Event(kind, severity, reason), new RollbackPolicyOptions());

        Assert.Equal(skip, verdict?.Reason.ToString());
    }

    [Theory]
    [InlineData("apps", "apps", true)]
    [InlineData("flux-system/apps", "apps", true)]
    [InlineData("Kustomization/flux-system/app*", "apps", true)]
    [InlineData("HelmRelease/*/*", "apps", false)]
    [InlineData("infra", "apps", false)]
    public void Include_patterns_scope_the_rollback(string pattern, string name, bool included)
    {
        var verdict = RollbackPolicy.Screen(Event(name: name), new RollbackPolicyOptions { Include = [pattern] });

        Assert.Equal(included ? null : RollbackReason.NotOurKustomization, verdict?.Reason);
    }
}
