using FluxOps.Core.Flux;
using FluxOps.Core.Git;
using FluxOps.Core.Revert;
using FluxOps.Models;
using LibGit2Sharp;

namespace FluxOps.Core.History;

/// <summary>
/// Finds the commits that may have broken a Flux reconciliation: by Flux revision, by the
/// lastApplied..lastAttempted range, by path, by author, by image automation. Results are newest first.
/// </summary>
internal static class CommitFinder
{
    /// <summary>
    /// Opens the repository at (or above) <paramref name="repositoryPath"/> and runs the query, yielding each commit as
    /// it is found (the repository stays open until the enumeration ends), so a caller that stops early stops the walk.
    /// </summary>
    public static IEnumerable<BadCommit> Find(string repositoryPath, CommitQuery query, string? repositoryLabel = null, CancellationToken cancellationToken = default, HistoryEngine engine = HistoryEngine.Auto)
    {
        using var repository = RepositoryOpener.Open(repositoryPath);
        var label = repositoryLabel ?? (repository.Info.WorkingDirectory ?? repository.Info.Path).TrimEnd('/', '\\');
        foreach (var commit in Find(repository, query, label, cancellationToken, engine))
        {
            yield return commit;
        }
    }

    /// <summary>
    /// The query's commits in git log order (newest first), each built when the walk reaches it: -First N reads only as
    /// much history as it takes to find N commits.
    /// </summary>
    /// <param name="engine">Which walk answers; tests force each to compare them.</param>
    public static IEnumerable<BadCommit> Find(Repository repository, CommitQuery query, string repositoryLabel, CancellationToken cancellationToken = default, HistoryEngine engine = HistoryEngine.Auto)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(query);
        var end = query.Revision ?? query.LastAttempted;
        if (query.LastApplied is not null && end is null)
        {
            throw new GitOperationException("RangeIncomplete", FailureKind.InvalidArgument,
                "-LastApplied needs -LastAttempted (or -Revision): the failing revision ends the range.", query.LastApplied);
        }

        var paths = new PathFilter(query.Include);
        var hasFilters = !paths.IsEmpty || query.Authors.Count > 0 || query.ImageAutomation || query.Since is not null || query.Until is not null;
        var branch = query.Branch ?? (end is null ? null : FluxRevision.Parse(end).Branch);
        var endCommit = end is null ? StartOfWalk(repository, query.Branch) : RevisionResolver.Resolve(repository, end);

        if (query.Revision is not null && query.LastApplied is null && !hasFilters)
        {
            yield return ToBadCommit(repository, endCommit, $"revision {query.Revision}", repositoryLabel, branch);
            yield break;
        }

        var startCommit = query.LastApplied is null ? null : RevisionResolver.Resolve(repository, query.LastApplied);
        var rangeReason = startCommit is null ? null : $"in {startCommit.Sha[..7]}..{endCommit.Sha[..7]}";
        var automation = query.ImageAutomation
            ? ImageAutomationCommits.FromTree(endCommit.Tree, query.Authors)
            : null;
        var limit = query.First ?? int.MaxValue;
        var count = 0;
        // git log's walk: the system git's for a long walk it can answer alone, else read lazily through libgit2 (or,
        // when its entry points do not bind, the same walk over LibGit2Sharp). The walker also lists each result's files.
        using var walker = NativeHistoryWalker.Open(repository);
        var since = query.Since?.ToUnixTimeSeconds();
        var until = query.Until?.ToUnixTimeSeconds();
        var shas = UseSystemGit(engine, query)
            ? SystemGitLog.Log(repository.Info.Path, endCommit.Sha, startCommit?.Sha, since, paths.Paths, cancellationToken)
            : walker?.Log(endCommit.Sha, startCommit?.Sha, since, paths.Paths, cancellationToken)
                ?? ManagedCommitSource.Log(repository, endCommit.Sha, startCommit?.Sha, since, paths.Paths, cancellationToken);
        foreach (var sha in shas)
        {
            var commit = repository.Lookup<Commit>(sha);
            if (until is { } last && commit.Committer.When.ToUnixTimeSeconds() > last)
            {
                continue; // git log --until: newer commits are passed over, not a reason to stop
            }

            var reasons = new List<string>(3);
            if (rangeReason is not null)
            {
                reasons.Add(rangeReason);
            }

            if (!paths.IsEmpty)
            {
                reasons.Add("touches " + string.Join(", ", paths.Paths));
            }

            if (automation is not null)
            {
                var why = automation.Match(commit);
                if (why is null)
                {
                    continue;
                }

                reasons.Add(why);
            }
            else if (query.Authors.Count > 0)
            {
                var author = query.Authors.FirstOrDefault(a => AuthorMatcher.Matches(a, commit.Author));
                if (author is null)
                {
                    continue;
                }

                reasons.Add("author " + author);
            }

            if (reasons.Count == 0)
            {
                reasons.Add(query.Revision is not null ? $"reachable from {query.Revision}" : "history");
            }

            var result = ToBadCommit(repository, commit, string.Join("; ", reasons), repositoryLabel, branch, walker?.ChangedFiles(sha));
            result.IsImageAutomation = automation is not null || result.IsImageAutomation;
            yield return result;
            if (++count >= limit)
            {
                yield break; // before asking the walk for one more commit
            }
        }
    }

    /// <summary>
    /// A walk that may cover the whole history and that git answers completely (paths, -Since, range) goes to the system
    /// git when there is one, as the transports choose it. -First and author or automation filters keep the native walk:
    /// it stops as soon as it has enough, before a git process would even have started.
    /// </summary>
    private static bool UseSystemGit(HistoryEngine engine, CommitQuery query) => engine switch
    {
        HistoryEngine.SystemGit => true,
        HistoryEngine.Native => false,
        _ => query.First is null && query.Authors.Count == 0 && !query.ImageAutomation && GitTransports.PreferSystemGit(),
    };

    /// <summary>
    /// Builds the pipeline object for one commit, with the files it changed against its first parent: <paramref name="files"/>
    /// when the native walker already computed them, else from LibGit2Sharp's diff.
    /// </summary>
    public static BadCommit ToBadCommit(IRepository repository, Commit commit, string reason, string repositoryLabel, string? branch, IReadOnlyList<string>? files = null)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(commit);
        files ??= FilesChanged(repository, commit);
        var record = FluxOpsTrailers.Read(commit.Message);
        return new BadCommit
        {
            Sha = commit.Sha,
            ShortSha = commit.Sha[..7],
            Author = commit.Author.Name,
            Email = commit.Author.Email,
            When = commit.Author.When,
            Subject = commit.MessageShort,
            Files = files,
            Reason = reason,
            Repository = repositoryLabel,
            Branch = branch,
            Parents = commit.Parents.Select(p => p.Sha).ToArray(),
            IsFluxOpsRevert = record?.MadeByFluxOps == true,
            IsImageAutomation = commit.MessageShort.StartsWith(ImageAutomationCommits.DefaultMessage, StringComparison.Ordinal),
        };
    }

    // No rename detection: a rename lists both paths, which is what "files this commit touched" should say.
    private static string[] FilesChanged(IRepository repository, Commit commit)
    {
        var parent = commit.Parents.FirstOrDefault();
        var changes = repository.Diff.Compare<TreeChanges>(parent?.Tree, commit.Tree, new CompareOptions { Similarity = SimilarityOptions.None });
        return changes.Select(c => c.Status == ChangeKind.Deleted ? c.OldPath : c.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
    }

    private static Commit StartOfWalk(Repository repository, string? branch)
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
