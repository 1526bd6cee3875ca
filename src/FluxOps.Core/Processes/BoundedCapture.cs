using System.Globalization;
using System.Text;

namespace FluxOps.Core.Processes;

/// <summary>
/// Keeps the first <c>maxChars</c> characters of a stream and counts the rest without keeping it, so a child that
/// prints gigabytes costs a fixed amount of memory. Thread-safe: the pump appends while the runner may snapshot.
/// </summary>
internal sealed class BoundedCapture(int maxChars)
{
    private readonly StringBuilder _kept = new();
    private readonly object _gate = new();
    private long _dropped;

    public bool Truncated
    {
        get
        {
            lock (_gate)
            {
                return _dropped > 0;
            }
        }
    }

    public void Append(ReadOnlySpan<char> chunk)
    {
        lock (_gate)
        {
            var room = Math.Max(0, maxChars - _kept.Length);
            var keep = Math.Min(room, chunk.Length);
            _kept.Append(chunk[..keep]);
            _dropped += chunk.Length - keep;
        }
    }

    /// <summary>The kept text; when something was dropped, a last line says how much, so no reader mistakes it for all.</summary>
    public string Text()
    {
        lock (_gate)
        {
            return _dropped == 0
                ? _kept.ToString()
                : _kept + string.Format(CultureInfo.InvariantCulture,
                    "\n[FluxOps kept the first {0:N0} characters of this output and dropped {1:N0} more]", maxChars, _dropped);
        }
    }

    /// <summary>Reads <paramref name="reader"/> to its end into <paramref name="capture"/>, one small buffer at a time.</summary>
    public static async Task PumpAsync(StreamReader reader, BoundedCapture capture)
    {
        var buffer = new char[8192];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
            {
                capture.Append(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe went away (the child was killed, or the run was abandoned): what was read is what there is.
        }
    }
}
