using FluxOps.Core.Git;
using LibGit2Sharp;

namespace FluxOps.Core.Revert;

/// <summary>What one attempt built on the fetched tip: the new tip (null when there is nothing to push), and how to report it.</summary>
internal sealed record PlannedPush<TResult>(Commit? NewTip, Func<RevertPreview> Describe, Func<string?, bool, int, IReadOnlyList<TResult>> Results);

/// <summary>
/// The remote is the lock: build on the freshly fetched remote tip, ask once, push as a fast-forward; when the push is
/// rejected because someone else moved the branch, fetch again and rebuild (with backoff), up to MaxAttempts. Nothing is
/// ever forced, reset away or amended. Used by reverts (<see cref="FluxReverter"/>) and by resuming image automation.
/// </summary>
internal static class FastForwardPush
{
    /// <param name="plan">Builds the change on the given tip for the given attempt (in the object database only).</param>
    public static IReadOnlyList<TResult> Run<TResult>(Repository repository, RevertContext context, RevertRequest request, Func<Commit, int, PlannedPush<TResult>> plan,
        Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(plan);
        var maxAttempts = Math.Max(1, request.MaxAttempts);
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var baseTip = context.FetchBase(cancellationToken, reuseFetched: attempt == 1 && request.BaseJustFetched);
            log($"Attempt {attempt}: building on {context.BaseDescription} at {baseTip.Sha[..7]}.");
            var planned = plan(baseTip, attempt);
            if (planned.NewTip is not { } newTip)
            {
                return planned.Results(null, false, attempt);
            }

            if (attempt == 1 && request.Approve is not null && !request.Approve(planned.Describe()))
            {
                return Array.Empty<TResult>();
            }

            if (request.NoPush)
            {
                context.UpdateLocalBranch(newTip, log);
                return planned.Results(null, false, attempt);
            }

            request.BeforePush?.Invoke(attempt);
            var target = context.PushTarget;
            log($"Pushing {newTip.Sha[..7]} to {context.Remote}/{target} (fast-forward only).");
            var outcome = context.Transport!.Push(repository, context.Remote, newTip, target, cancellationToken);
            if (outcome.Accepted)
            {
                context.RecordPushed(newTip, target, log);
                return planned.Results(target, true, attempt);
            }

            log($"Push rejected: {outcome.RejectionMessage}");
            var before = baseTip.Id;
            var after = context.FetchBase(cancellationToken).Id;
            if (after == before && target != context.Branch)
            {
                // A pull request branch: another writer proposed the same revert first. The next attempt finds its branch
                // and reports the revert as already proposed.
                log($"{context.Remote}/{target} was created by another writer meanwhile.");
                continue;
            }

            if (after == before)
            {
                // The branch did not move, so this is not a race: a hook or branch protection refused the push.
                throw new GitOperationException("PushRejected", FailureKind.PushRejected,
                    $"{context.Remote} refused the push to '{target}' although the branch did not move: {outcome.RejectionMessage}. " +
                    "If the branch is protected, use -PullRequest.", target);
            }

            if (attempt < maxAttempts)
            {
                var delay = request.Backoff * Math.Pow(2, attempt - 1) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, request.Backoff.TotalMilliseconds)));
                log($"{context.Remote}/{context.Branch} moved to {after.Sha[..7]}; rebuilding after {delay.TotalMilliseconds:0} ms.");
                cancellationToken.WaitHandle.WaitOne(delay);
            }
        }

        throw new GitOperationException("PushRetriesExhausted", FailureKind.PushRejected,
            $"The branch '{context.Branch}' kept moving: gave up after {maxAttempts} attempts. Nothing was pushed; run again or raise -MaxAttempts.", context.Branch);
    }
}
