using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Rollback;

public sealed class EventDeduplicatorTests
{
    private static FluxEvent Event(string revision = "main@sha1:a", string reason = "HealthCheckFailed", string? uid = "u1", string message = "m") =>
        new() { Kind = "Kustomization", Namespace = "flux-system", Name = "apps", Uid = uid, Revision = revision, Reason = reason, Message = message };

    [Fact]
    public void Same_object_revision_and_reason_is_a_duplicate_even_when_the_message_differs()
    {
        var dedupe = new EventDeduplicator(TimeSpan.FromMinutes(10));
        var now = DateTimeOffset.UtcNow;

        Assert.True(dedupe.TryAdd(EventDeduplicator.KeyOf(Event(message: "health check failed after 5m")), now));
        Assert.False(dedupe.TryAdd(EventDeduplicator.KeyOf(Event(message: "health check failed after 5m1s")), now.AddSeconds(300)));
        Assert.True(dedupe.TryAdd(EventDeduplicator.KeyOf(Event(revision: "main@sha1:b")), now));
        Assert.True(dedupe.TryAdd(EventDeduplicator.KeyOf(Event(reason: "ReconciliationFailed")), now));
    }

    [Fact]
    public void Keys_expire_after_the_retention_and_can_be_forgotten_for_a_retry()
    {
        var dedupe = new EventDeduplicator(TimeSpan.FromMinutes(10));
        var key = EventDeduplicator.KeyOf(Event(uid: null));
        var now = DateTimeOffset.UtcNow;

        Assert.True(dedupe.TryAdd(key, now));
        Assert.True(dedupe.TryAdd(key, now.AddMinutes(11)));
        dedupe.Forget(key);
        Assert.True(dedupe.TryAdd(key, now.AddMinutes(11)));
        Assert.Equal("Kustomization/flux-system/apps|main@sha1:a|HealthCheckFailed", key);
    }
}
