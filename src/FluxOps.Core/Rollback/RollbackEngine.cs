using FluxOps.Models;

namespace FluxOps.Core.Rollback;

/// <summary>
/// Event in, decision out: screen, deduplicate, read the branch, decide, revert, and when the fast-forward push loses a
/// race re-read and decide again (the winner's trailers then say AlreadyReverted).
/// </summary>
internal sealed class RollbackEngine(IRollbackRepository repository, RollbackPolicyOptions options, EventDeduplicator? deduplicator = null, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public RollbackPolicyOptions Options => options;

    public IRollbackRepository Repository => repository;

    public RollbackDecision Handle(FluxEvent flux, bool whatIf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flux);
        var now = _clock.GetUtcNow();
        if (RollbackPolicy.Screen(flux, options) is { } screened)
        {
            return Decision(flux, RollbackOutcome.Skipped, screened);
        }

        var key = EventDeduplicator.KeyOf(flux);
        if (deduplicator is not null && !deduplicator.TryAdd(key, now))
        {
            return Decision(flux, RollbackOutcome.Skipped,
                new PolicyVerdict(false, RollbackReason.Duplicate, $"{RollbackPolicy.SourceOf(flux)}: this event (same object, revision, reason) was already handled."));
        }

        try
        {
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var history = repository.Refresh(cancellationToken);
                using var disposeHistory = history as IDisposable;
                var verdict = RollbackPolicy.Decide(flux, options, history, _clock.GetUtcNow());
                if (!verdict.Act)
                {
                    return Decision(flux, RollbackOutcome.Skipped, verdict);
                }

                if (whatIf)
                {
                    return Decision(flux, RollbackOutcome.WouldRevert, verdict);
                }

                // Naming the deciding process makes racing receivers build different commits, so exactly one push wins and
                // the others see AlreadyReverted (identical commits would both "succeed" and both claim the revert).
                var reason = $"{verdict.Source} {flux.Reason}: {FirstLine(flux.Message)} [decided by {Environment.MachineName}/{Environment.ProcessId}]";
                var result = repository.Revert(verdict.BadSha!, reason, cancellationToken);
                result.Attempts = Math.Max(result.Attempts, attempt);
                if (!result.Skipped)
                {
                    return Decision(flux, RollbackOutcome.Reverted, verdict, result);
                }

                // Another writer got there first (or the revert turned out empty): re-read the branch and decide again;
                // the winner's trailers now answer AlreadyReverted. A second skip in a row is reported as it is.
                if (attempt >= 2)
                {
                    return Decision(flux, RollbackOutcome.Skipped,
                        new PolicyVerdict(false, RollbackReason.RevertSkipped, $"{verdict.Source}: {result.SkipReason}", verdict.BadSha, verdict.Source), result);
                }
            }
        }
        catch (Exception) when (deduplicator is not null)
        {
            // Nothing was decided: let Flux's next re-send of the same failure try again.
            deduplicator.Forget(key);
            throw;
        }
    }

    private RollbackDecision Decision(FluxEvent flux, string outcome, PolicyVerdict verdict, RevertResult? revert = null) => new()
    {
        Outcome = outcome,
        Reason = verdict.Reason,
        Message = verdict.Message,
        Event = flux,
        BadSha = verdict.BadSha,
        Revert = revert,
        KnownBadImages = verdict.KnownBadImages,
        DecidedAt = _clock.GetUtcNow(),
    };

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
