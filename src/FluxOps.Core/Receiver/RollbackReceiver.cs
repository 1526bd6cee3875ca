using System.Net;
using System.Text;
using FluxOps.Core.Flux;
using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Receiver;

/// <summary>
/// The HTTP side of automated rollback. Every request is checked (method, path, size, signature, JSON, age, kind) before
/// anything reaches git; rejected requests get a 4xx and only a counter and a log line. Accepted events are answered 202
/// at once and handed to one ordered worker for the repository/branch; duplicates collapse before they are queued.
/// </summary>
internal sealed class RollbackReceiver : IDisposable
{
    private const int ConcurrentAccepts = 8;
    private readonly ReceiverOptions _options;
    private readonly byte[] _key;
    private readonly RollbackEngine _engine;
    private readonly ReceiverLog _log;
    private readonly EventDeduplicator _deduplicator;
    private readonly TimeProvider _clock;
    private readonly HttpListener _listener = new();
    private readonly RepositoryWorker _worker;
    private readonly List<Task> _acceptLoops = [];
    private int _stopped;

    public RollbackReceiver(ReceiverOptions options, byte[] key, RollbackEngine engine, ReceiverLog log, Action<RollbackDecision>? onDecision = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        _options = options;
        _key = key is { Length: > 0 } ? (byte[])key.Clone() : throw new FluxEventException("HmacKeyEmpty", "The HMAC key is empty.");
        _engine = engine;
        _log = log;
        _clock = clock ?? TimeProvider.System;
        _deduplicator = new EventDeduplicator(options.DedupeRetention);
        _worker = new RepositoryWorker(engine, Metrics, log, _deduplicator, onDecision);
        _listener.Prefixes.Add(options.Prefix);
    }

    public ReceiverMetrics Metrics { get; } = new();

    public void Start(CancellationToken cancellationToken)
    {
        _listener.Start();
        _worker.Start(cancellationToken);
        for (var i = 0; i < ConcurrentAccepts; i++)
        {
            _acceptLoops.Add(Task.Run(() => AcceptLoop(cancellationToken), CancellationToken.None));
        }

        _log.Info("receiver started", ("listen", _options.Prefix), ("hook", _options.HookPath),
            ("repository", _engine.Repository.Location), ("branch", _engine.Repository.Branch));
    }

    /// <summary>Stops accepting, lets the worker finish the decision in progress, and returns.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        try
        {
            Task.WaitAll([.. _acceptLoops], TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Accept loops end with listener exceptions once it stops; nothing to report.
        }

        _worker.Stop();
        _log.Info("receiver stopped", ("received", Metrics.Received), ("reverts", Metrics.Reverts));
    }

    public void Dispose()
    {
        Stop();
        _listener.Close();
        _worker.Dispose();
    }

    private async Task AcceptLoop(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && _listener.IsListening)
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

            try
            {
                await HandleAsync(context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                _log.Warn("connection dropped", ("error", ex.GetType().Name));
            }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url?.AbsolutePath ?? "/";
        if (path == "/healthz" && request.HttpMethod is "GET" or "HEAD")
        {
            await RespondAsync(context, 200, "ok\n").ConfigureAwait(false);
            return;
        }

        if (path == "/metrics" && request.HttpMethod is "GET" or "HEAD")
        {
            await RespondAsync(context, 200, Metrics.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8").ConfigureAwait(false);
            return;
        }

        if (!string.Equals(path, _options.HookPath, StringComparison.Ordinal))
        {
            await RejectAsync(context, 404, "path", "unknown path").ConfigureAwait(false);
            return;
        }

        Metrics.CountReceived();
        if (request.HttpMethod != "POST")
        {
            context.Response.AddHeader("Allow", "POST");
            await RejectAsync(context, 405, "method", "only POST is accepted").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyAsync(request).ConfigureAwait(false);
        if (body is null)
        {
            await RejectAsync(context, 413, "too_large", $"body over {_options.MaxBodyBytes} bytes").ConfigureAwait(false);
            return;
        }

        FluxEvent flux;
        try
        {
            flux = FluxEventParser.Parse(body, request.Headers[FluxSignature.HeaderName], _key, verify: true);
        }
        catch (FluxEventException ex)
        {
            var (status, label) = ex.IsAuthenticationFailure ? (401, "signature") : (400, "malformed");
            await RejectAsync(context, status, label, ex.ErrorId).ConfigureAwait(false);
            return;
        }

        var age = _clock.GetUtcNow() - flux.Timestamp;
        if (age > _options.MaxEventAge)
        {
            await RejectAsync(context, 400, "stale", $"event is {age.TotalMinutes:F0} min old (limit {_options.MaxEventAge.TotalMinutes:F0})", flux).ConfigureAwait(false);
            return;
        }

        if (!_options.Kinds.Contains(flux.Kind, StringComparer.Ordinal))
        {
            await RejectAsync(context, 422, "kind", $"kind {flux.Kind} is not handled", flux).ConfigureAwait(false);
            return;
        }

        Metrics.CountAccepted();
        await RespondAsync(context, 202, "accepted\n").ConfigureAwait(false);
        _worker.Offer(flux);
    }

    /// <summary>Reads at most MaxBodyBytes; returns null when the body is larger (declared or actual).</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpListenerRequest request)
    {
        if (request.ContentLength64 > _options.MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream(request.ContentLength64 > 0 ? (int)request.ContentLength64 : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private async Task RejectAsync(HttpListenerContext context, int status, string reason, string detail, FluxEvent? flux = null)
    {
        Metrics.CountRejected(reason);
        _log.Warn("request rejected", ("status", status), ("reason", reason), ("detail", detail),
            ("method", context.Request.HttpMethod), ("path", context.Request.Url?.AbsolutePath),
            ("remote", context.Request.RemoteEndPoint?.Address.ToString()), ("object", flux is null ? null : RollbackPolicy.SourceOf(flux)));
        await RespondAsync(context, status, $"{reason}: {detail}\n").ConfigureAwait(false);
    }

    private static async Task RespondAsync(HttpListenerContext context, int status, string text, string contentType = "text/plain; charset=utf-8")
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        context.Response.Close();
    }
}
