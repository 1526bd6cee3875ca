using System.Text.Json;
using FluxOps.Core.Receiver;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Receiver;

public sealed class ReceiverLogTests
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void The_time_is_plain_ISO_8601_and_one_entry_stays_one_line()
    {
        var lines = new List<string>();
        var log = new ReceiverLog(lines.Add, new FixedClock(new DateTimeOffset(2026, 3, 14, 3, 7, 9, TimeSpan.Zero)));

        log.Warn("revert <web> & \"api\"\nnext", ("outcome", RollbackOutcome.Reverted), ("object", "Kustomization/flux-system/apps"));

        var line = Assert.Single(lines);
        Assert.Contains("\"ts\":\"2026-03-14T03:07:09.0000000+00:00\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.Contains("\"outcome\":\"Reverted\"", line, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(line);
        Assert.Equal("revert <web> & \"api\"\nnext", parsed.RootElement.GetProperty("msg").GetString());
    }
}
