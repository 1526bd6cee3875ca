using System.Collections.Concurrent;

namespace FluxOps.Core.Receiver;

/// <summary>
/// Log lines for things an attacker can repeat at will (rejected requests, timed-out connections): every one is counted
/// in /metrics, but per reason only the first <see cref="Burst"/> lines are written, then one per
/// <see cref="Interval"/> carrying how many were left out since. 445,000 unauthenticated requests make a handful of
/// lines, not 89 MB.
/// </summary>
internal sealed class SampledLog(ReceiverLog log, TimeProvider? clock = null)
{
    public const int Burst = 10;

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Sample> _samples = new(StringComparer.Ordinal);

    public void Warn(string reason, string message, params (string Key, object? Value)[] fields)
    {
        var sample = _samples.GetOrAdd(reason, _ => new Sample());
        long suppressed;
        lock (sample)
        {
            var now = _clock.GetUtcNow();
            if (sample.Written < Burst)
            {
                sample.Written++;
                suppressed = 0;
            }
            else if (now - sample.LastWritten >= Interval)
            {
                suppressed = sample.Suppressed;
                sample.Suppressed = 0;
            }
            else
            {
                sample.Suppressed++;
                return;
            }

            sample.LastWritten = now;
        }

        log.Warn(message, suppressed > 0 ? [.. fields, ("suppressed", suppressed)] : fields);
    }

    private sealed class Sample
    {
        public int Written;
        public long Suppressed;
        public DateTimeOffset LastWritten;
    }
}
