using FluxOps.Core.Flux;
using FluxOps.Core.Git;
using FluxOps.Models;
using LibGit2Sharp;

namespace FluxOps.Core.Revert;

/// <summary>
/// Get-FluxRevertHistory's use case: every FluxOps revert on a branch, newest first, read from the commits' FluxOps
/// trailers alone (through <see cref="RevertGuard.RecordOf"/>, the loop guard's own reader): what was reverted, when, why,
/// who decided and which images were recorded bad, and whether a later commit undid the revert.
/// </summary>
internal static class RevertHistory
{
    public static IEnumerable<RevertRecord> Read(string repositoryPath, string? branch, DateTimeOffset? since, string? repositoryLabel = null, CancellationToken cancellationToken = default)
    {
        using var repository = RepositoryOpener.Open(repositoryPath);
        var label = repositoryLabel ?? (repository.Info.WorkingDirectory ?? repository.Info.Path).TrimEnd('/', '\\');
        var tip = Tip(repository, branch);
        var branchName = branch ?? (repository.Info.IsHeadDetached ? null : repository.Head.FriendlyName);
        var revertedLater = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var commit in repository.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Time }))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (since is { } limit && commit.Committer.When < limit)
            {
                yield break; // committer time order: everything further down is older
            }

            if (RevertGuard.RecordOf(new CommitText(commit.Sha, commit.Message, commit.Committer.When)) is not { } record)
            {
                continue;
            }

            if (record.MadeByFluxOps)
            {
                yield return ToModel(record, revertedLater.Contains(commit.Sha), label, branchName);
            }

            revertedLater.UnionWith(record.RevertedShas);
        }
    }

    private static RevertRecord ToModel(RecordedRevert record, bool undone, string repository, string? branch) => new()
    {
        RevertSha = record.RevertSha,
        ShortSha = record.RevertSha[..7],
        When = record.When,
        RevertedShas = record.RevertedShas,
        Reason = record.Reason,
        Trigger = record.Trigger,
        DecidedBy = record.DecidedBy,
        // Only the automation writes "Kind/namespace/name Reason: ..."; a person's reason is free text.
        Source = record.Trigger != RevertTrigger.Manual && record.Source is { } source && source.Count(c => c == '/') == 2 ? source : null,
        BadImages = record.BadImages,
        Undone = undone,
        Repository = repository,
        Branch = branch,
    };

    private static Commit Tip(Repository repository, string? branch)
    {
        if (branch is null)
        {
            return repository.Head.Tip ?? throw new GitOperationException("RepositoryEmpty", FailureKind.ObjectNotFound,
                "The repository has no commits on HEAD.", repository.Info.WorkingDirectory ?? repository.Info.Path);
        }

        var found = repository.Branches[branch] ?? repository.Branches["origin/" + branch];
        return found?.Tip ?? RevisionResolver.Resolve(repository, branch);
    }
}
