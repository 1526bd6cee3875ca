using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using FluxOps.Models;

namespace FluxOps.Core.Receiver;

/// <summary>Counters the receiver exposes on GET /metrics in the Prometheus text format (version 0.0.4).</summary>
internal sealed class ReceiverMetrics
{
    private readonly ConcurrentDictionary<string, StrongBox> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox> _deferred = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(RollbackOutcome Outcome, RollbackReason Reason), StrongBox> _decisions = new();
    private long _received;
    private long _accepted;
    private long _reverts;
    private long _queueDepth;
    private long _connections;

    public long Received => Interlocked.Read(ref _received);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Reverts => Interlocked.Read(ref _reverts);

    public long QueueDepth => Interlocked.Read(ref _queueDepth);

    public void CountReceived() => Interlocked.Increment(ref _received);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    public void CountRejected(string reason) => Interlocked.Increment(ref _rejected.GetOrAdd(reason, _ => new StrongBox()).Value);

    /// <summary>A verified event answered 503 for the sender to retry: busy, deciding, failed, stopping.</summary>
    public void CountDeferred(string reason) => Interlocked.Increment(ref _deferred.GetOrAdd(reason, _ => new StrongBox()).Value);

    public void SetConnections(long open) => Interlocked.Exchange(ref _connections, open);

    public void CountDecision(RollbackOutcome outcome, RollbackReason reason)
    {
        Interlocked.Increment(ref _decisions.GetOrAdd((outcome, reason), _ => new StrongBox()).Value);
        if (outcome == RollbackOutcome.Reverted)
        {
            Interlocked.Increment(ref _reverts);
        }
    }

    public void SetQueueDepth(int depth) => Interlocked.Exchange(ref _queueDepth, depth);

    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        Counter(text, "fluxops_receiver_requests_total", "Requests received on the hook path.", Received);
        Counter(text, "fluxops_receiver_accepted_total", "Verified events taken for a decision.", Accepted);
        Labelled(text, "fluxops_receiver_rejected_total", "Requests and connections refused before any git action, by reason.", _rejected);
        Labelled(text, "fluxops_receiver_deferred_total", "Verified events answered 503 with Retry-After (the sender retries), by reason.", _deferred);

        text.Append("# HELP fluxops_rollback_decisions_total Rollback decisions by outcome and reason.\n");
        text.Append("# TYPE fluxops_rollback_decisions_total counter\n");
        foreach (var ((outcome, reason), box) in _decisions.OrderBy(p => p.Key.Outcome.ToString(), StringComparer.Ordinal).ThenBy(p => p.Key.Reason.ToString(), StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"fluxops_rollback_decisions_total{{outcome=\"{outcome}\",reason=\"{reason}\"}} {Interlocked.Read(ref box.Value)}\n");
        }

        Counter(text, "fluxops_rollback_reverts_total", "Revert commits pushed by this receiver.", Reverts);
        text.Append("# HELP fluxops_receiver_queue_depth Events queued or being decided by the repository worker.\n# TYPE fluxops_receiver_queue_depth gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"fluxops_receiver_queue_depth {Interlocked.Read(ref _queueDepth)}\n");
        text.Append("# HELP fluxops_receiver_connections Open client connections.\n# TYPE fluxops_receiver_connections gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"fluxops_receiver_connections {Interlocked.Read(ref _connections)}\n");
        return text.ToString();
    }

    private static void Labelled(StringBuilder text, string name, string help, ConcurrentDictionary<string, StrongBox> byReason)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n");
        foreach (var (reason, box) in byReason.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}{{reason=\"{Escape(reason)}\"}} {Interlocked.Read(ref box.Value)}\n");
        }
    }

    private static void Counter(StringBuilder text, string name, string help, long value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class StrongBox
    {
        public long Value;
    }
}
