using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Receiver;

/// <summary>What became of an event the worker took: its decision, or why there is none (the sender should retry).</summary>
internal sealed record WorkerOutcome(RollbackDecision? Decision, string? Failure, bool Stopping = false);

internal enum SubmitStatus
{
    /// <summary>Decided without git (screened out, or a repeat of a decided event): <see cref="Submission.Decision"/>.</summary>
    Done,

    /// <summary>Queued, or joined the same (object, revision) already queued or in progress: await <see cref="Submission.Outcome"/>.</summary>
    Pending,

    /// <summary>The queue is full; nothing was remembered.</summary>
    Full,

    /// <summary>The receiver is stopping; nothing was remembered.</summary>
    Stopping,
}

internal readonly record struct Submission(SubmitStatus Status, RollbackDecision? Decision = null, Task<WorkerOutcome>? Outcome = null);

/// <summary>
/// The single consumer for one repository/branch: admitted events are decided one at a time, in arrival order, so two
/// events for the same branch never race inside one process. The queue is bounded (<see cref="ReceiverOptions.MaxQueuedEvents"/>)
/// and coalesces by (object, revision): a repeat of a queued or running event waits for that same decision instead of
/// queueing again. A decision the git remote fails (a 500, unreachable) is tried again with backoff; what still fails,
/// and what is queued when the receiver stops, is handed back (forgotten by the engine, so the sender's retry decides
/// afresh). The decision in progress at a stop finishes, within <see cref="ReceiverOptions.DrainTimeout"/>.
/// </summary>
internal sealed class RepositoryWorker(RollbackEngine engine, ReceiverOptions options, ReceiverMetrics metrics, ReceiverLog log, Action<RollbackDecision>? onDecision) : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<WorkItem> _queue = new();
    private readonly Dictionary<string, WorkItem> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _abort = new();
    private Thread? _thread;
    private bool _stopping;

    /// <summary>Shadow mode: decide every event and log WouldRevert, but decline every revert (nothing is ever pushed).</summary>
    public bool Shadow { get; init; }

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = $"FluxOps rollback {engine.Branch}" };
        _thread.Start();
    }

    public Submission Submit(FluxEvent flux)
    {
        ArgumentNullException.ThrowIfNull(flux);
        var key = $"{RollbackPolicy.SourceOf(flux)}|{flux.Revision}";
        lock (_gate)
        {
            if (_stopping)
            {
                return new Submission(SubmitStatus.Stopping);
            }

            if (_pending.TryGetValue(key, out var running))
            {
                metrics.CountDecision(RollbackOutcome.Skipped, RollbackReason.Duplicate);
                return new Submission(SubmitStatus.Pending, Outcome: running.Completion.Task);
            }

            if (engine.Admit(flux) is { } skipped)
            {
                Report(skipped);
                return new Submission(SubmitStatus.Done, skipped);
            }

            if (_queue.Count >= options.MaxQueuedEvents)
            {
                engine.Release(flux);
                return new Submission(SubmitStatus.Full);
            }

            var item = new WorkItem(key, flux);
            _pending[key] = item;
            _queue.Enqueue(item);
            metrics.SetQueueDepth(_pending.Count);
            _signal.Release();
            return new Submission(SubmitStatus.Pending, Outcome: item.Completion.Task);
        }
    }

    /// <summary>Stops taking events, hands back the queued ones, and lets the decision in progress finish (bounded).</summary>
    public void Stop()
    {
        List<WorkItem> handBack;
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            handBack = [.. _queue];
            _queue.Clear();
            foreach (var item in handBack)
            {
                _pending.Remove(item.Key);
            }

            metrics.SetQueueDepth(_pending.Count);
        }

        foreach (var item in handBack)
        {
            engine.Release(item.Event);
            item.Completion.TrySetResult(new WorkerOutcome(null, "the receiver is stopping", Stopping: true));
        }

        _signal.Release();
        if (_thread is not null && !_thread.Join(options.DrainTimeout))
        {
            _abort.Cancel();
            _thread.Join(TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose()
    {
        _signal.Dispose();
        _abort.Dispose();
    }

    /// <summary>Counts and logs a decision (duplicates only count: a storm of re-sends must not flood the log).</summary>
    public void Report(RollbackDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        metrics.CountDecision(decision.Outcome, decision.Reason);
        if (decision.Reason != RollbackReason.Duplicate)
        {
            var fields = new List<(string, object?)>
            {
                ("outcome", decision.Outcome), ("reason", decision.Reason), ("object", decision.Event is null ? null : RollbackPolicy.SourceOf(decision.Event)),
                ("revision", decision.Event?.Revision), ("badSha", decision.BadSha), ("revertSha", decision.Revert?.RevertSha),
                ("reconcile", decision.Revert?.Reconcile),
            };
            if (decision.KnownBadImages.Count > 0)
            {
                fields.Add(("knownBadImages", decision.KnownBadImages));
            }

            if (decision.Outcome == RollbackOutcome.Skipped && decision.Reason == RollbackReason.CircuitOpen)
            {
                log.Error(decision.Message, [.. fields]);
            }
            else if (decision.Outcome == RollbackOutcome.WouldRevert && Shadow)
            {
                log.Info($"shadow mode, nothing pushed: would revert {decision.BadSha}. {decision.Message}", [.. fields, ("mode", "shadow")]);
            }
            else
            {
                log.Info(decision.Message, [.. fields]);
            }
        }

        onDecision?.Invoke(decision);
    }

    private void Run()
    {
        while (true)
        {
            _signal.Wait();
            WorkItem item;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    continue;
                }

                item = _queue.Dequeue();
            }

            var outcome = Decide(item.Event);
            lock (_gate)
            {
                _pending.Remove(item.Key);
                metrics.SetQueueDepth(_pending.Count);
            }

            item.Completion.TrySetResult(outcome);
        }
    }

    private WorkerOutcome Decide(FluxEvent flux)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var decision = engine.Decide(flux, _ => !Shadow, _abort.Token);
                Report(decision);
                return new WorkerOutcome(decision, null);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                engine.Release(flux);
                return new WorkerOutcome(null, "the receiver stopped before the decision finished", Stopping: true);
            }
            catch (Exception ex)
            {
                // The engine forgot the event, so a repeat is decided afresh; a remote that failed once may answer the next time.
                var again = attempt < options.DecisionAttempts && Retryable(ex) && !Volatile.Read(ref _stopping);
                log.Error("decision failed", ("object", RollbackPolicy.SourceOf(flux)), ("revision", flux.Revision), ("attempt", attempt),
                    ("retrying", again), ("error", ex.Message));
                if (!again)
                {
                    metrics.CountDecision(RollbackOutcome.Failed, RollbackReason.RevertFailed);
                    return new WorkerOutcome(null, ex.Message);
                }

                var backoff = options.DecisionBackoff * Math.Pow(2, attempt - 1) * (1 + (Random.Shared.NextDouble() / 4));
                if (_abort.Token.WaitHandle.WaitOne(backoff))
                {
                    engine.Release(flux);
                    return new WorkerOutcome(null, "the receiver stopped before the decision finished", Stopping: true);
                }
            }
        }
    }

    /// <summary>Failures another attempt can cure: the remote or the network, a busy cache. Not conflicts, refusals or bad input.</summary>
    private static bool Retryable(Exception ex) => ex is not FluxOpsException known
        || known.Kind is FailureKind.ConnectionFailed or FailureKind.InvalidOperation or FailureKind.PushRejected or FailureKind.LimitsExceeded;

    private sealed class WorkItem(string key, FluxEvent flux)
    {
        public string Key { get; } = key;

        public FluxEvent Event { get; } = flux;

        public TaskCompletionSource<WorkerOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
