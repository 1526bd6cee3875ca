using System.Collections.Concurrent;
using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Receiver;

/// <summary>
/// The single consumer for one repository/branch: admitted events are decided one at a time, in arrival order, so two
/// events for the same branch never race each other inside one process.
/// </summary>
internal sealed class RepositoryWorker(RollbackEngine engine, ReceiverMetrics metrics, ReceiverLog log, Action<RollbackDecision>? onDecision) : IDisposable
{
    private readonly BlockingCollection<FluxEvent> _queue = new();
    private Thread? _thread;
    private CancellationToken _cancellation;

    /// <summary>Shadow mode: decide every event and log WouldRevert, but decline every revert (nothing is ever pushed).</summary>
    public bool Shadow { get; init; }

    public void Start(CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken;
        _thread = new Thread(Run) { IsBackground = true, Name = $"FluxOps rollback {engine.Branch}" };
        _thread.Start();
    }

    /// <summary>Queues an event the engine admitted.</summary>
    public void Enqueue(FluxEvent flux)
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.Add(flux);
            metrics.SetQueueDepth(_queue.Count);
        }
    }

    public void Stop()
    {
        _queue.CompleteAdding();
        _thread?.Join(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _queue.Dispose();

    /// <summary>Counts and logs a decision (duplicates only count: a storm of re-sends must not flood the log).</summary>
    public void Report(RollbackDecision decision)
    {
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
        try
        {
            foreach (var flux in _queue.GetConsumingEnumerable(_cancellation))
            {
                metrics.SetQueueDepth(_queue.Count);
                try
                {
                    Report(engine.Decide(flux, _ => !Shadow, _cancellation));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The engine forgot the event, so Flux's next re-send is decided afresh.
                    metrics.CountDecision(RollbackOutcome.Failed, RollbackReason.RevertFailed);
                    log.Error("decision failed", ("object", RollbackPolicy.SourceOf(flux)), ("revision", flux.Revision), ("error", ex.Message));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the receiver is stopping.
        }
    }
}
