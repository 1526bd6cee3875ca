using FluxOps.Core.Git;
using RevertResult = FluxOps.Models.RevertResult;

namespace FluxOps.Core.Revert;

/// <summary>
/// Reverts commits on the branch Flux watches and pushes the result, using the remote as the lock: the revert is built
/// on the freshly fetched remote tip and pushed as a fast-forward (<see cref="FastForwardPush"/>). When someone else moved
/// the branch in between, the push is rejected, and the revert is rebuilt on the new tip (or reported Skipped when the
/// commit was reverted meanwhile). Nothing is ever forced, reset away or amended; failures before the push leave the
/// clone and the remote as they were.
/// </summary>
internal static class FluxReverter
{
    public static IReadOnlyList<RevertResult> Run(RevertRequest request, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Commits.Count == 0)
        {
            throw new GitOperationException("NoCommitGiven", FailureKind.InvalidArgument, "Give at least one commit to revert.");
        }

        using var repository = RepositoryOpener.Open(request.RepositoryPath);
        var context = RevertContext.Create(repository, request);
        return FastForwardPush.Run(repository, context, request, (baseTip, attempt) =>
        {
            var step = context.Prepare(baseTip, attempt);
            return new PlannedPush<RevertResult>(step.Built.Count == 0 ? null : step.Built[^1].RevertCommit, () => context.Describe(baseTip, step), step.Results);
        }, log ?? (_ => { }), cancellationToken);
    }
}
