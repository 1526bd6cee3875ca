using System.Collections.Concurrent;
using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Receiver;

/// <summary>
/// The single consumer for one repository/branch: decisions run one at a time, in arrival order, so two events for the
/// same branch never race each other inside one process. Duplicates are dropped before they are queued.
/// </summary>
internal sealed class RepositoryWorker(RollbackEngine engine, ReceiverMetrics metrics, ReceiverLog log, EventDeduplicator deduplicator, Action<RollbackDecision>? onDecision) : IDisposable
{
    private readonly BlockingCollection<(FluxEvent Event, string Key)> _queue = new();
    private Thread? _thread;
    private CancellationToken _cancellation;

    public void Start(CancellationToken cancellationToken)
    {
        _cancellation = cancellationToken;
        _thread = new Thread(Run) { IsBackground = true, Name = $"FluxOps rollback {engine.Repository.Branch}" };
        _thread.Start();
    }

    public void Offer(FluxEvent flux)
    {
        if (RollbackPolicy.Screen(flux, engine.Options) is { } screened)
        {
            Report(new RollbackDecision { Outcome = RollbackOutcome.Skipped, Reason = screened.Reason, Message = screened.Message, Event = flux, DecidedAt = DateTimeOffset.UtcNow });
            return;
        }

        var key = EventDeduplicator.KeyOf(flux);
        if (!deduplicator.TryAdd(key, DateTimeOffset.UtcNow))
        {
            Report(new RollbackDecision
            {
                Outcome = RollbackOutcome.Skipped,
                Reason = RollbackReason.Duplicate,
                Message = $"{RollbackPolicy.SourceOf(flux)}: duplicate of an event already handled or queued.",
                Event = flux,
                DecidedAt = DateTimeOffset.UtcNow,
            }, quiet: true);
            return;
        }

        if (!_queue.IsAddingCompleted)
        {
            _queue.Add((flux, key));
            metrics.SetQueueDepth(_queue.Count);
        }
    }

    public void Stop()
    {
        _queue.CompleteAdding();
        _thread?.Join(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _queue.Dispose();

    private void Run()
    {
        try
        {
            foreach (var (flux, key) in _queue.GetConsumingEnumerable(_cancellation))
            {
                metrics.SetQueueDepth(_queue.Count);
                try
                {
                    Report(engine.Handle(flux, whatIf: false, _cancellation));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The remote may be down: forget the key so Flux's next re-send is decided afresh.
                    deduplicator.Forget(key);
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

    private void Report(RollbackDecision decision, bool quiet = false)
    {
        metrics.CountDecision(decision.Outcome, decision.Reason);
        if (!quiet)
        {
            var fields = new List<(string, object?)>
            {
                ("outcome", decision.Outcome), ("reason", decision.Reason), ("object", decision.Event is null ? null : RollbackPolicy.SourceOf(decision.Event)),
                ("revision", decision.Event?.Revision), ("badSha", decision.BadSha), ("revertSha", decision.Revert?.RevertSha),
            };
            if (decision.KnownBadImages.Count > 0)
            {
                fields.Add(("knownBadImages", decision.KnownBadImages));
            }

            if (decision.Outcome == RollbackOutcome.Skipped && decision.Reason == RollbackReason.CircuitOpen)
            {
                log.Error(decision.Message, [.. fields]);
            }
            else
            {
                log.Info(decision.Message, [.. fields]);
            }
        }

        onDecision?.Invoke(decision);
    }
}
