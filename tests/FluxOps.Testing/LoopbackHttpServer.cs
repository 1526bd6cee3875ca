using System.Collections.Concurrent;
using System.Net;

namespace FluxOps.Testing;

/// <summary>One request a <see cref="LoopbackHttpServer"/> received (the Authorization header is kept for assertions).</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, string? Authorization);

/// <summary>
/// A tiny HTTP server on a free loopback port whose answers a test scripts: fault injection (500, 429 with
/// Retry-After, hangs, 405 on HEAD), a token server, or a proxy in front of a real registry. Records every request.
/// </summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerContext, CancellationToken, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Task _loop;

    public LoopbackHttpServer(Func<HttpListenerContext, CancellationToken, Task> handler)
    {
        _handler = handler;
        for (var attempt = 0; ; attempt++)
        {
            // A fresh listener per attempt: one whose Start failed keeps the taken prefix and throws again on Close.
            Port = FreePort.Next();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                _listener = listener;
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                try
                {
                    listener.Abort();
                }
                catch (HttpListenerException)
                {
                }
            }
        }

        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToArray();

    /// <summary>Writes a complete answer: status, headers, and a body (not sent for HEAD, but its length is).</summary>
    public static async Task RespondAsync(HttpListenerContext context, int status, IDictionary<string, string>? headers = null, byte[]? body = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.StatusCode = status;
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else
            {
                response.AddHeader(name, value);
            }
        }

        body ??= [];
        response.ContentLength64 = body.Length;
        if (context.Request.HttpMethod != "HEAD" && body.Length > 0)
        {
            await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }

        response.Close();
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _listener.Stop();
            _listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (HttpListenerException)
        {
            // The managed HttpListener can throw "Address already in use" from Close while another listener in the
            // process is binding the same endpoint; the socket is gone either way.
        }

        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _requests.Enqueue(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url?.PathAndQuery ?? "/", context.Request.Headers["Authorization"]));
            _ = Task.Run(async () =>
            {
                try
                {
                    await _handler(context, _stop.Token).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // A handler that hangs until shutdown, or a client that went away: drop the connection.
                    try
                    {
                        context.Response.Abort();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            });
        }
    }
}
