using System.Net;
using System.Text;
using FluxOps.Core.Flux;
using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Receiver;

/// <summary>
/// The thin HTTP host of automated rollback: accepts connections on an <see cref="HttpListener"/>, reads at most the
/// allowed body, and lets <see cref="WebhookPipeline"/> answer. Admitted events go to one ordered
/// <see cref="RepositoryWorker"/> for the repository/branch.
/// </summary>
internal sealed class RollbackReceiver : IDisposable
{
    private const int ConcurrentAccepts = 8;
    private readonly ReceiverOptions _options;
    private readonly RollbackEngine _engine;
    private readonly ReceiverLog _log;
    private readonly HttpListener _listener = new();
    private readonly RepositoryWorker _worker;
    private readonly WebhookPipeline _pipeline;
    private readonly List<Task> _acceptLoops = [];
    private int _stopped;

    public RollbackReceiver(ReceiverOptions options, byte[] key, RollbackEngine engine, ReceiverLog log, Action<RollbackDecision>? onDecision = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        var ownKey = key is { Length: > 0 } ? (byte[])key.Clone() : throw new FluxEventException("HmacKeyEmpty", "The HMAC key is empty.");
        _options = options;
        _engine = engine;
        _log = log;
        _worker = new RepositoryWorker(engine, Metrics, log, onDecision) { Shadow = options.Shadow };
        _pipeline = new WebhookPipeline(options, ownKey, engine, Metrics, log, _worker.Enqueue, _worker.Report, clock);
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

        _log.Info("receiver started", ("listen", _options.Prefix), ("hook", _options.HookPath), ("repository", _engine.Location), ("branch", _engine.Branch),
            ("mode", _options.Shadow ? "shadow" : "revert"));
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
                await RespondAsync(context, await AnswerAsync(context.Request).ConfigureAwait(false)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
            {
                _log.Warn("connection dropped", ("error", ex.GetType().Name));
            }
        }
    }

    private async Task<WebhookResponse> AnswerAsync(HttpListenerRequest request)
    {
        var method = request.HttpMethod;
        var path = request.Url?.AbsolutePath ?? "/";
        var remote = request.RemoteEndPoint?.Address.ToString();
        if (_pipeline.Preflight(method, path, request.ContentLength64, remote) is { } early)
        {
            return early;
        }

        var body = await ReadBodyAsync(request).ConfigureAwait(false);
        return body is null
            ? _pipeline.TooLarge(method, path, remote)
            : _pipeline.Handle(new WebhookRequest(method, path, request.Headers[FluxSignature.HeaderName], body, remote));
    }

    /// <summary>Reads at most MaxBodyBytes; returns null when the body is larger.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpListenerRequest request)
    {
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

    private static async Task RespondAsync(HttpListenerContext context, WebhookResponse answer)
    {
        var bytes = Encoding.UTF8.GetBytes(answer.Text);
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        if (answer.Allow is not null)
        {
            context.Response.AddHeader("Allow", answer.Allow);
        }

        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes).ConfigureAwait(false);
        context.Response.Close();
    }
}
