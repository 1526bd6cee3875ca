using FluxOps.Models;

namespace FluxOps.Core.Revert;

/// <summary>A revert already on a branch, as its commit records it (FluxOps trailers, or git's own revert line).</summary>
internal sealed record RecordedRevert(
    string RevertSha,
    IReadOnlyList<string> RevertedShas,
    DateTimeOffset When,
    string? Reason,
    IReadOnlyList<string> BadImages)
{
    /// <summary>False for a plain <c>git revert</c> by a person (recognised from "This reverts commit").</summary>
    public bool MadeByFluxOps { get; init; } = true;

    /// <summary>Who set it off (Fluxops-Trigger); Unknown for reverts written before FluxOps recorded it.</summary>
    public RevertTrigger Trigger { get; init; }

    /// <summary>Who decided (Fluxops-Decided-By), when recorded.</summary>
    public string? DecidedBy { get; init; }

    /// <summary>The object the revert was for, read from the reason FluxOps writes ("Kind/namespace/name Reason: …").</summary>
    public string? Source => Reason is { } r && r.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? r[..space] : Reason;
}

/// <summary>One commit as the guard reads it: only its id, message and time.</summary>
internal sealed record CommitText(string Sha, string Message, DateTimeOffset When);

/// <summary>What the guard must know about a branch: the record a commit carries, and the live revert of a commit.</summary>
internal interface IRevertLedger
{
    /// <summary>The commit's own revert record, when the commit is a revert.</summary>
    RecordedRevert? RevertRecordOf(string sha);

    /// <summary>The revert of <paramref name="sha"/> on the branch that was not itself reverted later; null when the change is live.</summary>
    RecordedRevert? FindRevertOf(string sha);
}

/// <summary>Who asks: automation never reverts any revert; a person may not revert a FluxOps revert unless forced.</summary>
internal enum RevertGuardRule
{
    Automation,
    Person,
    PersonForced,
}

internal enum GuardOutcome
{
    Allowed,

    /// <summary>The commit is itself a revert the rule forbids reverting (<see cref="GuardVerdict.Record"/> is its record).</summary>
    IsRevert,

    /// <summary>The commit was already reverted (<see cref="GuardVerdict.Record"/> is that revert).</summary>
    AlreadyReverted,
}

internal sealed record GuardVerdict(GuardOutcome Outcome, RecordedRevert? Record)
{
    public static readonly GuardVerdict Allowed = new(GuardOutcome.Allowed, null);
}

/// <summary>
/// The one loop guard: "is this commit a revert we must not revert?" and "was it already reverted?", for the panic
/// button (git and REST) and automated rollback alike. The answers come only from commit records on the branch, so every
/// receiver, every restart and every person sees the same state.
/// </summary>
internal static class RevertGuard
{
    public static GuardVerdict Check(string sha, IRevertLedger ledger, RevertGuardRule rule)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (rule != RevertGuardRule.PersonForced && ledger.RevertRecordOf(sha) is { } own && (rule == RevertGuardRule.Automation || own.MadeByFluxOps))
        {
            return new GuardVerdict(GuardOutcome.IsRevert, own);
        }

        return ledger.FindRevertOf(sha) is { } existing ? new GuardVerdict(GuardOutcome.AlreadyReverted, existing) : GuardVerdict.Allowed;
    }

    /// <summary>The record a commit carries, or null when it records no revert.</summary>
    public static RecordedRevert? RecordOf(CommitText commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        return FluxOpsTrailers.Read(commit.Message) is { } record
            ? new RecordedRevert(commit.Sha, record.RevertedShas, commit.When, record.Reason, record.BadImages) { MadeByFluxOps = record.MadeByFluxOps, Trigger = record.Trigger, DecidedBy = record.DecidedBy }
            : null;
    }

    /// <summary>
    /// Among the commits after <paramref name="sha"/> (newest first), the first whose record names it — unless a still newer
    /// commit reverted that revert, in which case the change is live again.
    /// </summary>
    public static RecordedRevert? FindRevertOf(string sha, IEnumerable<CommitText> newerFirst)
    {
        ArgumentNullException.ThrowIfNull(newerFirst);
        var newer = new List<RecordedRevert>();
        foreach (var commit in newerFirst)
        {
            var record = RecordOf(commit);
            if (record is not null && record.RevertedShas.Contains(sha, StringComparer.OrdinalIgnoreCase))
            {
                var undone = newer.Any(r => r.RevertedShas.Contains(record.RevertSha, StringComparer.OrdinalIgnoreCase));
                return undone ? null : record;
            }

            if (record is not null)
            {
                newer.Add(record);
            }
        }

        return null;
    }
}
