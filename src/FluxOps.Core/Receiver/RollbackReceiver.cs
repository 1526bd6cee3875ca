using FluxOps.Core.Flux;
using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Receiver;

/// <summary>
/// The HTTP host of automated rollback: a small, strict HTTP/1.1 server on a socket (<see cref="ReceiverListener"/>,
/// <see cref="ReceiverConnection"/>) with deadlines and bounded connections, the rules of <see cref="WebhookPipeline"/>,
/// and one ordered <see cref="RepositoryWorker"/> for the repository/branch. <see cref="Stop"/> drains: it stops
/// accepting, hands queued events back, lets the decision in progress finish, answers what it can, then returns.
/// </summary>
internal sealed class RollbackReceiver : IDisposable
{
    private static readonly TimeSpan ConnectionDrain = TimeSpan.FromSeconds(5);
    private readonly ReceiverOptions _options;
    private readonly RollbackEngine _engine;
    private readonly ReceiverLog _log;
    private readonly RepositoryWorker _worker;
    private readonly ReceiverListener _listener;
    private readonly object _stopGate = new();
    private bool _stopped;

    public RollbackReceiver(ReceiverOptions options, byte[] key, RollbackEngine engine, ReceiverLog log, Action<RollbackDecision>? onDecision = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engine);
        var ownKey = key is { Length: > 0 } ? (byte[])key.Clone() : throw new FluxEventException("HmacKeyEmpty", "The HMAC key is empty.");
        _options = options;
        _engine = engine;
        _log = log;
        _worker = new RepositoryWorker(engine, options, Metrics, log, onDecision) { Shadow = options.Shadow };
        var pipeline = new WebhookPipeline(options, ownKey, Metrics, new SampledLog(log, clock), _worker.Submit, clock);
        _listener = new ReceiverListener(options, pipeline, Metrics);
    }

    public ReceiverMetrics Metrics { get; } = new();

    /// <summary>The port listened on (the system's choice when the options say 0).</summary>
    public int Port => _listener.Port;

    /// <summary>Binds and starts serving; a taken port or a bad address throws <see cref="System.Net.Sockets.SocketException"/>.</summary>
    public void Start()
    {
        _listener.Start();
        _worker.Start();
        _log.Info("receiver started", ("listen", $"http://{(_options.AnyHost ? "*" : _options.Address)}:{Port}/"),
            ("hook", _options.HookPath), ("repository", _engine.Location), ("branch", _engine.Branch), ("mode", _options.Shadow ? "shadow" : "revert"));
    }

    /// <summary>Drains and stops (SIGTERM, Ctrl+C): accepting ends, queued events are handed back, the decision in progress finishes.</summary>
    public void Stop()
    {
        // A second caller (Dispose after Ctrl+C) waits for the first to finish draining.
        lock (_stopGate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
            _listener.StopAccepting();
            _log.Info("receiver stopping", ("queued", Metrics.QueueDepth));
            _worker.Stop();
            _listener.Stop(ConnectionDrain);
            _log.Info("receiver stopped", ("received", Metrics.Received), ("reverts", Metrics.Reverts));
        }
    }

    public void Dispose()
    {
        Stop();
        _listener.Dispose();
        _worker.Dispose();
    }
}
