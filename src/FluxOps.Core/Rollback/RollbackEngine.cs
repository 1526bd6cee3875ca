using FluxOps.Core.Flux;
using FluxOps.Core.Revert;
using FluxOps.Models;

namespace FluxOps.Core.Rollback;

/// <summary>
/// Event in, decision out — the one place that screens, deduplicates, reads the branch, decides, asks for approval and
/// reverts. When the fast-forward push loses a race it re-reads and decides again (the winner's trailers then say
/// AlreadyReverted). The branch is read once per attempt: the revert is built on exactly the tip the decision saw.
/// </summary>
internal sealed class RollbackEngine(IRollbackRepository repository, RollbackPolicyOptions options, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly EventDeduplicator _deduplicator = new(options.DedupeRetention);

    public RollbackPolicyOptions Options => options;

    /// <summary>Where the rollback acts (path or URL without credentials) and on which branch, for logs and prompts.</summary>
    public string Location => repository.Location;

    public string Branch => repository.Branch;

    /// <summary>Flux's webhook Receiver to ask for a reconcile after a revert is pushed; null: the decision says which flux command does it.</summary>
    public ReconcileHook? Reconcile { get; init; }

    /// <summary>Screens and deduplicates, then decides and (when <paramref name="approve"/> agrees) reverts.</summary>
    public RollbackDecision Handle(FluxEvent flux, Func<PolicyVerdict, bool> approve, CancellationToken cancellationToken) =>
        Admit(flux) ?? Decide(flux, approve, cancellationToken);

    /// <summary>
    /// The checks that need no git: the policy's screen, then the duplicate filter. Returns the Skipped decision, or null
    /// when the event is admitted (and remembered, so a repeat is a Duplicate until <see cref="Decide"/> fails).
    /// </summary>
    public RollbackDecision? Admit(FluxEvent flux)
    {
        ArgumentNullException.ThrowIfNull(flux);
        if (RollbackPolicy.Screen(flux, options) is { } screened)
        {
            return Decision(flux, RollbackOutcome.Skipped, screened);
        }

        return _deduplicator.TryAdd(EventDeduplicator.KeyOf(flux), _clock.GetUtcNow())
            ? null
            : Decision(flux, RollbackOutcome.Skipped, new PolicyVerdict(false, RollbackReason.Duplicate,
                $"{RollbackPolicy.SourceOf(flux)}: this event (same object, revision and reason) was already handled or is queued."));
    }

    /// <summary>
    /// Reads the branch, decides and reverts an admitted event. <paramref name="approve"/> sees the verdict before anything
    /// is written (-WhatIf/-Confirm, shadow mode); declining gives WouldRevert. Declining or failing forgets the event, so
    /// Flux's next re-send of the same failure is decided afresh; a failure propagates.
    /// </summary>
    public RollbackDecision Decide(FluxEvent flux, Func<PolicyVerdict, bool> approve, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flux);
        ArgumentNullException.ThrowIfNull(approve);
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

                if (!approve(verdict))
                {
                    // Nothing was done, so the same event approved later (or re-sent by Flux) is not a duplicate.
                    _deduplicator.Forget(EventDeduplicator.KeyOf(flux));
                    return Decision(flux, RollbackOutcome.WouldRevert, verdict);
                }

                // Naming the deciding process makes racing receivers build different commits, so exactly one push wins and
                // the others see AlreadyReverted (identical commits would both "succeed" and both claim the revert).
                var reason = $"{verdict.Source} {flux.Reason}: {FirstLine(flux.Message)} [decided by {Environment.MachineName}/{Environment.ProcessId}]";
                var result = repository.Revert(verdict.BadSha!, reason, flux, cancellationToken);
                result.Attempts = Math.Max(result.Attempts, attempt);
                if (!result.Skipped)
                {
                    PushFollowUp.Reconcile([result], null, Reconcile, [RollbackPolicy.SourceOf(flux)], cancellationToken);
                    return Decision(flux, RollbackOutcome.Reverted, verdict, result);
                }

                if (result.PullRequestUrl is not null)
                {
                    // The watched branch is untouched until a person merges: the pull request is the record, not the trailers.
                    return Decision(flux, RollbackOutcome.Skipped,
                        new PolicyVerdict(false, RollbackReason.AlreadyProposed, $"{verdict.Source}: {result.SkipReason}", verdict.BadSha, verdict.Source), result);
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
        catch (Exception)
        {
            _deduplicator.Forget(EventDeduplicator.KeyOf(flux));
            throw;
        }
    }

    private RollbackDecision Decision(FluxEvent flux, RollbackOutcome outcome, PolicyVerdict verdict, RevertResult? revert = null) => new()
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
