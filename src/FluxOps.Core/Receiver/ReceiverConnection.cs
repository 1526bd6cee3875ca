using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace FluxOps.Core.Receiver;

/// <summary>
/// One client connection of the receiver's small, strict HTTP/1.1 server: requests are read one after another
/// (keep-alive and pipelining), each within deadlines — the head within <see cref="ReceiverOptions.HeaderTimeout"/> and
/// <see cref="ReceiverOptions.MaxHeaderBytes"/>, the body within <see cref="ReceiverOptions.BodyTimeout"/> — and the
/// body is read only after <see cref="WebhookPipeline.Preflight"/> let the request through (host, path, method, size).
/// A client that is too slow is answered 408 and closed; one that says nothing for <see cref="ReceiverOptions.IdleTimeout"/>
/// between requests is closed. <see cref="WaitingSince"/> lets the listener close the connection that has waited longest
/// for request bytes when it needs room.
/// </summary>
internal sealed class ReceiverConnection(Socket socket, ReceiverOptions options, WebhookPipeline pipeline) : IDisposable
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _evicted = new();
    private readonly byte[] _buffer = new byte[options.MaxHeaderBytes + 4096];
    private readonly string? _remote = (socket.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString();
    private int _start;
    private int _end;
    private long _waitingSince = Stopwatch.GetTimestamp();

    /// <summary>When the connection started waiting for request bytes (Stopwatch ticks), or 0 while it works on a request.</summary>
    public long WaitingSince => Volatile.Read(ref _waitingSince);

    /// <summary>
    /// Closes the connection for a newer one, but only while it waits for request bytes; false when it is busy
    /// answering (or was evicted already), so a connection is never chosen twice.
    /// </summary>
    public bool TryEvict()
    {
        var since = Volatile.Read(ref _waitingSince);
        if (since == 0 || Interlocked.CompareExchange(ref _waitingSince, 0, since) != since)
        {
            return false;
        }

        _evicted.Cancel();
        return true;
    }

    /// <summary>Ends the connection whatever it is doing (the receiver is shutting down and waited long enough).</summary>
    public void Abort() => _evicted.Cancel();

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            for (var first = true; ; first = false)
            {
                Volatile.Write(ref _waitingSince, Stopwatch.GetTimestamp());
                var head = await ReadHeadAsync(first, stopping).ConfigureAwait(false);
                if (head is null)
                {
                    return;
                }

                var answer = pipeline.Preflight(head.Method, head.Path, head.Host, head.ContentLength ?? 0, _remote);
                var unreadBody = answer is not null && head.ContentLength > 0;
                if (answer is null)
                {
                    var body = await ReadBodyAsync(head).ConfigureAwait(false);
                    if (body is null)
                    {
                        return;
                    }

                    Volatile.Write(ref _waitingSince, 0);
                    answer = await pipeline.HandleAsync(new WebhookRequest(head.Method, head.Path, head.Signature, body, _remote), CancellationToken.None).ConfigureAwait(false);
                }

                Volatile.Write(ref _waitingSince, 0);
                var keepAlive = head.KeepAlive && !answer.Close && !unreadBody && !stopping.IsCancellationRequested;
                await WriteAsync(answer, head, keepAlive).ConfigureAwait(false);
                if (!keepAlive)
                {
                    await CloseGracefullyAsync().ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The client went away, was too slow, or was evicted: nothing more to say on this connection.
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        _evicted.Dispose();
    }

    /// <summary>The next request head; null when the connection ends (closed, idle, stopping, evicted, or refused and answered).</summary>
    private async Task<HttpHead?> ReadHeadAsync(bool first, CancellationToken stopping)
    {
        // The first request's head is due HeaderTimeout after the connection opened; a later one HeaderTimeout after its
        // first byte, which may take IdleTimeout to come. Before that first byte a stop or the idle timeout closes quietly.
        using var idle = new CancellationTokenSource(options.IdleTimeout);
        var header = first ? new CancellationTokenSource(options.HeaderTimeout) : null;
        try
        {
            while (true)
            {
                var end = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8);
                if (end >= 0 && end + 4 <= options.MaxHeaderBytes)
                {
                    var head = HttpHead.Parse(_buffer.AsSpan(_start, end + 4), out var error);
                    _start += end + 4;
                    return head ?? await RefuseAsync(error!.Status, error.Reason, error.Detail).ConfigureAwait(false);
                }

                if (end >= 0 || _end - _start >= options.MaxHeaderBytes)
                {
                    return await RefuseAsync(431, "headers_too_large", $"request line and headers over {options.MaxHeaderBytes} bytes").ConfigureAwait(false);
                }

                var started = _end > _start;
                header ??= started ? new CancellationTokenSource(options.HeaderTimeout) : null;
                using var linked = header is not null && (started || first)
                    ? CancellationTokenSource.CreateLinkedTokenSource(header.Token, _evicted.Token, started ? CancellationToken.None : stopping)
                    : CancellationTokenSource.CreateLinkedTokenSource(idle.Token, _evicted.Token, stopping);
                int read;
                try
                {
                    read = await ReceiveAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_evicted.IsCancellationRequested)
                {
                    pipeline.Refuse(503, "evicted", "closed for a newer connection while it waited for request bytes", _remote);
                    return null;
                }
                catch (OperationCanceledException) when (header?.IsCancellationRequested == true)
                {
                    return await RefuseAsync(408, "header_timeout", $"request head not received within {options.HeaderTimeout.TotalSeconds:0} s").ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return null; // idle, or the receiver is stopping: close without a word
                }

                if (read == 0)
                {
                    return null;
                }
            }
        }
        finally
        {
            header?.Dispose();
        }
    }

    /// <summary>Exactly Content-Length bytes within the body deadline; null when the connection ends instead.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpHead head)
    {
        var length = (int)(head.ContentLength ?? 0);
        var body = new MemoryStream(Math.Min(length, 16 * 1024));
        var buffered = Math.Min(length, _end - _start);
        body.Write(_buffer, _start, buffered);
        _start += buffered;
        if (body.Length < length && head.ExpectContinue)
        {
            await SendAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray()).ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(options.BodyTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _evicted.Token);
        while (body.Length < length)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(_buffer.AsMemory(0, (int)Math.Min(_buffer.Length, length - body.Length)), SocketFlags.None, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_evicted.IsCancellationRequested)
            {
                pipeline.Refuse(503, "evicted", "closed for a newer connection while it waited for request bytes", _remote);
                return null;
            }
            catch (OperationCanceledException)
            {
                await RefuseAsync(408, "body_timeout", $"body not received within {options.BodyTimeout.TotalSeconds:0} s").ConfigureAwait(false);
                return null;
            }

            if (read == 0)
            {
                return null;
            }

            body.Write(_buffer, 0, read);
        }

        return body.ToArray();
    }

    private async Task<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            // Keep the unread bytes at the front so a whole head always fits.
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken).ConfigureAwait(false);
        _end += read;
        return read;
    }

    private async Task<HttpHead?> RefuseAsync(int status, string reason, string detail)
    {
        var answer = pipeline.Refuse(status, reason, detail, _remote);
        await WriteAsync(answer, null, keepAlive: false).ConfigureAwait(false);
        await CloseGracefullyAsync().ConfigureAwait(false);
        return null;
    }

    private Task WriteAsync(WebhookResponse answer, HttpHead? head, bool keepAlive)
    {
        var body = Encoding.UTF8.GetBytes(answer.Text);
        var text = new StringBuilder(256)
            .Append("HTTP/1.1 ").Append(answer.Status).Append(' ').Append(ReasonPhrase(answer.Status)).Append("\r\n")
            .Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Content-Type: ").Append(answer.ContentType).Append("\r\n")
            .Append("Content-Length: ").Append(body.Length).Append("\r\n");
        if (answer.Allow is not null)
        {
            text.Append("Allow: ").Append(answer.Allow).Append("\r\n");
        }

        if (answer.RetryAfterSeconds is { } seconds)
        {
            text.Append("Retry-After: ").Append(seconds).Append("\r\n");
        }

        // HTTP/1.1 keeps the connection unless told otherwise; a 1.0 client asked for keep-alive and gets it confirmed.
        text.Append(!keepAlive ? "Connection: close\r\n" : head is { Http11: false } ? "Connection: keep-alive\r\n" : string.Empty).Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(text.ToString());
        return SendAsync(head?.Method == "HEAD" ? headBytes : [.. headBytes, .. body]);
    }

    private async Task SendAsync(byte[] bytes)
    {
        using var deadline = new CancellationTokenSource(WriteTimeout);
        await socket.SendAsync(bytes, SocketFlags.None, deadline.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Says no more, then reads and drops what the client still sends for a moment, so it sees the answer instead of a
    /// reset (closing with unread bytes resets the connection); bounded in time and bytes.
    /// </summary>
    private async Task CloseGracefullyAsync()
    {
        socket.Shutdown(SocketShutdown.Send);
        using var linger = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var discarded = 0L;
        while (discarded < 1024 * 1024)
        {
            var read = await socket.ReceiveAsync(_buffer, SocketFlags.None, linger.Token).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            discarded += read;
        }
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        411 => "Length Required",
        413 => "Content Too Large",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Status",
    };
}
