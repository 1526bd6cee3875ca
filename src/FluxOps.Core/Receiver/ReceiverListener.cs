using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FluxOps.Core.Receiver;

/// <summary>
/// The receiver's listening socket and its connections. At most <see cref="ReceiverOptions.MaxConnections"/> are open:
/// when a new one arrives at the limit, the connection that has waited longest for request bytes (idle, or sending
/// slowly) is closed to make room, so slow clients cannot crowd out /healthz or Flux; only when every connection is busy
/// being answered does the newcomer get 503.
/// </summary>
internal sealed class ReceiverListener(ReceiverOptions options, WebhookPipeline pipeline, ReceiverMetrics metrics) : IDisposable
{
    private static readonly byte[] Busy = Encoding.ASCII.GetBytes(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 38\r\nRetry-After: 1\r\nConnection: close\r\n\r\nbusy: too many open connections; retry");

    private readonly ConcurrentDictionary<long, (ReceiverConnection Connection, Task Run)> _open = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _socket;
    private Task? _acceptLoop;
    private long _ids;

    /// <summary>The port actually bound (the given one, or the one the system chose for port 0).</summary>
    public int Port { get; private set; } = options.Port;

    public void Start()
    {
        var address = options.BindAddress;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (address.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, options.Port));
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Closes the listening socket: new connections are refused by the system from here on.</summary>
    public void StopAccepting()
    {
        _socket?.Dispose();
        try
        {
            _acceptLoop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the socket's exception; nothing to report.
        }
    }

    /// <summary>Closes idle connections, lets the ones answering finish (at most <paramref name="wait"/>), then closes the rest.</summary>
    public void Stop(TimeSpan wait)
    {
        StopAccepting();
        _stopping.Cancel();
        try
        {
            Task.WaitAll([.. _open.Values.Select(c => c.Run)], wait);
        }
        catch (AggregateException)
        {
            // Connection tasks swallow their own failures; a late one is closed below.
        }

        foreach (var (connection, _) in _open.Values)
        {
            connection.Abort();
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _socket!.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            if (_open.Count >= options.MaxConnections && !EvictLongestWaiting())
            {
                pipeline.Refuse(503, "connections", $"{options.MaxConnections} connections are open and busy", (client.RemoteEndPoint as IPEndPoint)?.Address.ToString());
                _ = RefuseAsync(client);
                continue;
            }

            var id = Interlocked.Increment(ref _ids);
            var connection = new ReceiverConnection(client, options, pipeline);
            _open[id] = (connection, Task.CompletedTask); // registered before it runs, so a quick end still removes it
            var run = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync(_stopping.Token).ConfigureAwait(false);
                }
                finally
                {
                    _open.TryRemove(id, out _);
                    metrics.SetConnections(_open.Count);
                    connection.Dispose();
                }
            });
            _open.TryUpdate(id, (connection, run), (connection, Task.CompletedTask));
            metrics.SetConnections(_open.Count);
        }
    }

    private bool EvictLongestWaiting()
    {
        var waiting = _open.Values.Select(c => (c.Connection, Since: c.Connection.WaitingSince)).Where(c => c.Since > 0).OrderBy(c => c.Since);
        return waiting.Any(c => c.Connection.TryEvict());
    }

    private static async Task RefuseAsync(Socket client)
    {
        using (client)
        {
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.SendAsync(Busy, SocketFlags.None, deadline.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // It is refused either way.
            }
        }
    }
}
