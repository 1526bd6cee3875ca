using FluxOps.Models;

namespace FluxOps.Core.Rollback;

/// <summary>
/// Remembers which events were already handled. notification-controller retries a failed POST up to 5 times and re-sends
/// a persistent failure about every 5 minutes, so duplicates are normal. Key: involvedObject uid (or kind/namespace/name),
/// revision, reason. This is only the fast path: the git trailers are what stop a second revert across processes.
/// </summary>
internal sealed class EventDeduplicator(TimeSpan retention, int capacity = 100_000)
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset At)> _order = new();
    private readonly object _gate = new();

    public static string KeyOf(FluxEvent flux)
    {
        ArgumentNullException.ThrowIfNull(flux);
        var identity = string.IsNullOrEmpty(flux.Uid) ? $"{flux.Kind}/{flux.Namespace}/{flux.Name}" : flux.Uid;
        return $"{identity}|{flux.Revision}|{flux.Reason}";
    }

    /// <summary>True the first time a key is offered within the retention window; false for a duplicate.</summary>
    public bool TryAdd(string key, DateTimeOffset now)
    {
        lock (_gate)
        {
            Expire(now);
            if (_seen.TryGetValue(key, out var at) && now - at < retention)
            {
                return false;
            }

            _seen[key] = now;
            _order.Enqueue((key, now));
            return true;
        }
    }

    /// <summary>Forgets a key, so a decision that failed (e.g. the remote was down) can be retried by the next re-send.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _seen.Remove(key);
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_order.Count > 0 && (now - _order.Peek().At >= retention || _order.Count > capacity))
        {
            var (key, at) = _order.Dequeue();
            if (_seen.TryGetValue(key, out var current) && current == at)
            {
                _seen.Remove(key);
            }
        }
    }
}
