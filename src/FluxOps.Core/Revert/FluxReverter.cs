using FluxOps.Core.Git;
using RevertResult = FluxOps.Models.RevertResult;

namespace FluxOps.Core.Revert;

/// <summary>
/// Reverts commits on the branch Flux watches and pushes the result, using the remote as the lock: the revert is built
/// on the freshly fetched remote tip and pushed as a fast-forward. When someone else moved the branch in between, the push
/// is rejected, and the revert is rebuilt on the new tip (or reported Skipped when the commit was reverted meanwhile).
/// Nothing is ever forced, reset away or amended; failures before the push leave the clone and the remote as they were.
/// </summary>
internal static class FluxReverter
{
    public static IReadOnlyList<RevertResult> Run(RevertRequest request, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        log ??= _ => { };
        using var repository = RepositoryOpener.Open(request.RepositoryPath);
        var context = RevertContext.Create(repository, request);
        var maxAttempts = Math.Max(1, request.MaxAttempts);
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var baseTip = context.FetchBase(cancellationToken, reuseFetched: attempt == 1 && request.BaseJustFetched);
            log($"Attempt {attempt}: building on {context.BaseDescription} at {baseTip.Sha[..7]}.");
            var step = context.Prepare(baseTip, attempt);
            if (step.Built.Count == 0)
            {
                return step.Results(null, pushed: false, attempt);
            }

            if (attempt == 1 && request.Approve is not null && !request.Approve(context.Describe(baseTip, step)))
            {
                return Array.Empty<RevertResult>();
            }

            var newTip = step.Built[^1].RevertCommit;
            if (request.NoPush)
            {
                context.UpdateLocalBranch(newTip, log);
                return step.Results(null, pushed: false, attempt);
            }

            request.BeforePush?.Invoke(attempt);
            var target = context.PushTarget;
            log($"Pushing {newTip.Sha[..7]} to {context.Remote}/{target} (fast-forward only).");
            var outcome = context.Transport!.Push(repository, context.Remote, newTip, target, cancellationToken);
            if (outcome.Accepted)
            {
                context.RecordPushed(newTip, target, log);
                return step.Results(target, pushed: true, attempt);
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
                log($"{context.Remote}/{context.Branch} moved to {after.Sha[..7]}; rebuilding the revert after {delay.TotalMilliseconds:0} ms.");
                cancellationToken.WaitHandle.WaitOne(delay);
            }
        }

        throw new GitOperationException("PushRetriesExhausted", FailureKind.PushRejected,
            $"The branch '{context.Branch}' kept moving: gave up after {maxAttempts} attempts. Nothing was pushed; run again or raise -MaxAttempts.", context.Branch);
    }
}
