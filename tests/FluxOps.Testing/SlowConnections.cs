namespace FluxOps.Testing;

/// <summary>
/// Keeps <c>count</c> slow connections open against an HTTP server until disposed, the attack of issue 13: half announce
/// a 100,000-byte body and send a byte now and then, half send their head a byte at a time. One the server closes (at
/// its deadline) is opened again, so the server always has that many slow clients. <see cref="Opened"/> counts them all.
/// </summary>
public sealed class SlowConnections : IDisposable
{
    private const string SlowBody = "POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{";
    private const string SlowHead = "POST /hooks/flux HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a";
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _holders;
    private long _opened;

    private SlowConnections(int port, int count) =>
        _holders = [.. Enumerable.Range(0, count).Select(i => Task.Run(() => HoldAsync(port, i % 2 == 0 ? SlowBody : SlowHead)))];

    /// <summary>How many slow connections were opened so far (the initial ones plus the ones reopened after the server closed them).</summary>
    public long Opened => Interlocked.Read(ref _opened);

    public static SlowConnections Open(int port, int count) => new(port, count);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            Task.WaitAll(_holders, TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // A holder ends with its connection's failure; nothing to report at the end.
        }

        _stop.Dispose();
    }

    private async Task HoldAsync(int port, string start)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = new RawHttpClient(port);
                Interlocked.Increment(ref _opened);
                await client.SendAsync(start);
                while (!_stop.IsCancellationRequested && await client.TrySendByteAsync((byte)' '))
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), _stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                // Closed by the server (its deadline) or refused for a moment: open another one, bounded to 10 a second.
            }

            if (!_stop.IsCancellationRequested)
            {
                await Task.Delay(100);
            }
        }
    }
}
