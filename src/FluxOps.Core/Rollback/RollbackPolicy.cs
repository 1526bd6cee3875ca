using FluxOps.Core.Flux;
using FluxOps.Core.Revert;
using FluxOps.Models;

namespace FluxOps.Core.Rollback;

/// <summary>
/// Decides from one failure event and the git history alone whether to revert, and which commit. Success events are never
/// needed (generic webhooks do not receive all of them). The loop guard's memory is the FluxOps trailers on the branch.
/// </summary>
internal static class RollbackPolicy
{
    /// <summary>Checks that need no git: severity, kind, reason allow-list, scope.</summary>
    public static PolicyVerdict? Screen(FluxEvent flux, RollbackPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(flux);
        ArgumentNullException.ThrowIfNull(options);
        var source = SourceOf(flux);
        if (!string.Equals(flux.Severity, "error", StringComparison.OrdinalIgnoreCase))
        {
            return Skip(RollbackReason.NotAnError, $"{source}: severity '{flux.Severity}' is not an error; only failures trigger a rollback.", source);
        }

        if (!IsKustomization(flux) && !IsHelmRelease(flux))
        {
            return Skip(RollbackReason.UnsupportedKind, $"{source}: only Kustomization and HelmRelease failures are rolled back.", source);
        }

        if (!options.Reasons.Contains(flux.Reason, StringComparer.OrdinalIgnoreCase))
        {
            return Skip(RollbackReason.ReasonNotAllowed,
                $"{source}: reason '{flux.Reason}' is not in the allow-list ({string.Join(", ", options.Reasons)}).", source);
        }

        if (!options.Includes(flux.Kind, flux.Namespace, flux.Name))
        {
            return Skip(RollbackReason.NotOurKustomization, $"{source} is not one of the objects this rollback is configured for.", source);
        }

        return null;
    }

    public static PolicyVerdict Decide(FluxEvent flux, RollbackPolicyOptions options, IRollbackHistory history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (Screen(flux, options) is { } screened)
        {
            return screened;
        }

        var source = SourceOf(flux);
        var guilty = IsHelmRelease(flux) ? FindHelmReleaseCommit(flux, history, source) : FindKustomizationCommit(flux, options, history, source);
        if (!guilty.Act)
        {
            return guilty;
        }

        var bad = guilty.BadSha!;
        var guard = RevertGuard.Check(bad, history, RevertGuardRule.Automation);
        if (guard.Outcome == GuardOutcome.IsRevert)
        {
            return Skip(RollbackReason.IsFluxOpsRevert,
                $"{source}: the failing commit {Short(bad)} is itself a revert (of {string.Join(", ", guard.Record!.RevertedShas.Select(Short))}); " +
                "FluxOps never reverts a revert. A human must decide.", source, bad);
        }

        if (guard.Outcome == GuardOutcome.AlreadyReverted)
        {
            return Skip(RollbackReason.AlreadyReverted, $"{source}: {Short(bad)} was already reverted by {Short(guard.Record!.RevertSha)}.", source, bad);
        }

        if (guilty.SupersededBy.Count > 0)
        {
            return Skip(RollbackReason.Superseded,
                $"{source}: {Short(guilty.Attempted ?? bad)} has been superseded by {guilty.SupersededBy.Count} newer commit(s) touching the same path " +
                $"({string.Join(", ", guilty.SupersededBy.Take(3).Select(Short))}); Flux will try those next.", source, bad);
        }

        // The automation's budget: its own reverts (and reverts written before FluxOps recorded who decided), plus
        // manual ones only when configured to. A person reverting by hand must not lock the automation out.
        bool Counts(RecordedRevert r) => options.CountManualReverts || r.Trigger != RevertTrigger.Manual;
        var recent = history.RevertsSince(now - options.Window).Where(Counts).OrderByDescending(r => r.When).ToList();
        if (recent.Count >= options.MaxRevertsPerWindow)
        {
            return Skip(RollbackReason.CircuitOpen, CircuitOpenMessage(recent, options, now, bad, source), source, bad);
        }

        var lastForSource = history.RevertsSince(now - options.Cooldown).Where(Counts)
            .FirstOrDefault(r => string.Equals(r.Source, source, StringComparison.OrdinalIgnoreCase));
        if (lastForSource is not null)
        {
            return Skip(RollbackReason.Cooldown,
                $"{source}: cooling down; FluxOps reverted {Short(lastForSource.RevertedShas.FirstOrDefault() ?? "?")} at {lastForSource.When:u} " +
                $"(cooldown {options.Cooldown}).", source, bad);
        }

        var introduced = history.ImagesIntroducedBy(bad);
        var knownBad = history.RevertsSince(DateTimeOffset.MinValue)
            .SelectMany(r => r.BadImages).Intersect(introduced, StringComparer.Ordinal).ToList();
        if (knownBad.Count > 0)
        {
            return new PolicyVerdict(true, RollbackReason.KnownBadImageReintroduced,
                $"{source}: {Short(bad)} re-introduces image(s) already known bad from an earlier FluxOps revert: {string.Join(", ", knownBad)}. " +
                "Reverting again and counting it toward the circuit breaker; image automation or a person is re-applying it.", bad, source)
            { KnownBadImages = knownBad, ImagesIntroduced = introduced };
        }

        return new PolicyVerdict(true, RollbackReason.BadCommit, $"{source}: {guilty.Message}", bad, source) { ImagesIntroduced = introduced };
    }

    /// <summary>The commit Flux attempted, narrowed to the newest commit touching the Kustomization's path.</summary>
    private static PolicyVerdict FindKustomizationCommit(FluxEvent flux, RollbackPolicyOptions options, IRollbackHistory history, string source)
    {
        var revision = FluxRevision.Parse(flux.Revision);
        if (revision.Kind != RevisionKind.GitCommit)
        {
            var what = revision.Kind switch
            {
                RevisionKind.None => "carries no revision",
                RevisionKind.Digest => $"names '{revision.Raw}', an OCI artifact or bucket digest, not a git commit (and no originRevision)",
                _ => $"names '{revision.Raw}', not a git commit",
            };
            return Skip(RollbackReason.NotAGitRevision, $"{source}: the event {what}.", source);
        }

        if (options.Branch is { } branch && revision.Branch is { } eventBranch && !string.Equals(branch, eventBranch, StringComparison.Ordinal))
        {
            return Skip(RollbackReason.OtherBranch, $"{source}: the event is for branch '{eventBranch}', this rollback works on '{branch}'.", source);
        }

        var attempted = history.Resolve(revision.Sha!);
        if (attempted is null)
        {
            return Skip(RollbackReason.UnknownRevision, $"{source}: commit {Short(revision.Sha!)} is not in the repository.", source);
        }

        if (!history.IsAncestorOfTip(attempted))
        {
            return Skip(RollbackReason.NotAncestor,
                $"{source}: {Short(attempted)} is no longer an ancestor of the branch tip {Short(history.TipSha)}; the branch moved on.", source, attempted);
        }

        var paths = history.KustomizationPaths(flux.Namespace, flux.Name);
        var guilty = history.NewestCommitTouching(attempted, paths);
        if (guilty is null)
        {
            return Skip(RollbackReason.NoChangeInPath, $"{source}: no commit up to {Short(attempted)} changes {string.Join(", ", paths)}.", source, attempted);
        }

        var newer = history.CommitsAfterTouching(attempted, paths);
        var scope = paths.Count == 0 ? "the repository" : string.Join(", ", paths);
        var why = guilty == attempted ? $"Flux attempted {Short(attempted)}" : $"Flux attempted {Short(attempted)}; {Short(guilty)} is the newest commit changing {scope}";
        return new PolicyVerdict(true, RollbackReason.BadCommit, why, guilty, source) { SupersededBy = newer, Attempted = attempted };
    }

    /// <summary>
    /// A HelmRelease event's revision is the chart version (helm-controller writes the chart's metadata.version, plus
    /// oci-digest and app-version), never a git commit; the guilty commit is the newest one changing its manifest or values.
    /// </summary>
    private static PolicyVerdict FindHelmReleaseCommit(FluxEvent flux, IRollbackHistory history, string source)
    {
        var paths = history.HelmReleasePaths(flux.Namespace, flux.Name);
        if (paths.Count == 0)
        {
            return Skip(RollbackReason.HelmReleaseNotFound, $"{source}: no HelmRelease manifest with this namespace/name was found in the repository.", source);
        }

        var guilty = history.NewestCommitTouching(history.TipSha, paths);
        return guilty is null
            ? Skip(RollbackReason.NoChangeInPath, $"{source}: no commit changes {string.Join(", ", paths)}.", source)
            : new PolicyVerdict(true, RollbackReason.BadCommit,
                $"chart {flux.Revision ?? "?"} failed; {Short(guilty)} is the newest commit changing {string.Join(", ", paths)}", guilty, source);
    }

    /// <summary>
    /// Why the breaker is open, when it closes by itself (the oldest counted revert leaves the window, if none is added),
    /// and what a person can do now.
    /// </summary>
    private static string CircuitOpenMessage(IReadOnlyList<RecordedRevert> recent, RollbackPolicyOptions options, DateTimeOffset now, string bad, string source)
    {
        var closes = recent[options.MaxRevertsPerWindow - 1].When + options.Window;
        var wait = closes - now;
        var counted = options.CountManualReverts ? "FluxOps reverts" : "automated FluxOps reverts";
        var manual = options.CountManualReverts ? "-CountManualReverts is on, so they count too" : "manual reverts do not count toward this limit";
        return $"Circuit breaker open: {recent.Count} {counted} on the branch within {Duration(options.Window)} (limit {options.MaxRevertsPerWindow}): " +
            $"{string.Join(", ", recent.Take(5).Select(r => $"{Short(r.RevertSha)[..7]} at {r.When.ToUniversalTime():HH:mm}Z"))}. Not reverting {Short(bad)} for {source}; a human must look at the repository. " +
            $"It closes at {closes.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z (in {Duration(wait < TimeSpan.Zero ? TimeSpan.Zero : wait)}) unless another revert lands. " +
            $"To act now: find out why the reverts keep coming (Get-FluxRevertHistory), then revert by hand with 'Invoke-FluxRevert {Short(bad)}' " +
            $"({manual}), or raise -MaxRevertsPerWindow or shorten -Window.";
    }

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{(int)span.TotalHours} h{(span.Minutes > 0 ? $" {span.Minutes} min" : string.Empty)}"
        : span.TotalMinutes >= 1 ? $"{(int)Math.Ceiling(span.TotalMinutes)} min" : $"{(int)Math.Ceiling(span.TotalSeconds)} s";

    public static string SourceOf(FluxEvent flux) => $"{flux.Kind}/{flux.Namespace}/{flux.Name}";

    private static bool IsKustomization(FluxEvent flux) => string.Equals(flux.Kind, "Kustomization", StringComparison.Ordinal);

    private static bool IsHelmRelease(FluxEvent flux) => string.Equals(flux.Kind, "HelmRelease", StringComparison.Ordinal);

    private static PolicyVerdict Skip(RollbackReason reason, string message, string source, string? sha = null) => new(false, reason, message, sha, source);

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;
}
