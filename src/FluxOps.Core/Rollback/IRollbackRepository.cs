using FluxOps.Models;

namespace FluxOps.Core.Rollback;

/// <summary>
/// The repository a rollback acts on. <see cref="Refresh"/> reads the branch as the remote has it now;
/// <see cref="Revert"/> makes one revert commit with FluxOps trailers and pushes it as a fast-forward (the push is the lock:
/// when another receiver moved the branch first the push fails, and the caller re-reads and re-decides).
/// </summary>
internal interface IRollbackRepository
{
    /// <summary>Where the repository is (path or URL, never with credentials).</summary>
    string Location { get; }

    string Branch { get; }

    IRollbackHistory Refresh(CancellationToken cancellationToken);

    /// <summary>
    /// Reverts <paramref name="badSha"/> on the fetched remote tip with FluxOps trailers (the bad images it introduced are
    /// recorded as Fluxops-Bad-Image) and pushes it; Skipped with a reason when another writer reverted it first.
    /// </summary>
    /// <param name="trigger">The Flux event the revert answers (a pull request names it).</param>
    RevertResult Revert(string badSha, string reason, FluxEvent trigger, CancellationToken cancellationToken);
}
