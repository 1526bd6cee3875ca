using LibGit2Sharp;

namespace FluxOps.Core.ChangedImages;

/// <summary>Opens the repository and resolves Base/Head, failing with errors that say what to do.</summary>
internal static class ChangeRevisions
{
    private const string ShallowHint =
        "This is a shallow clone: fetch the full history (GitHub Actions: actions/checkout with 'fetch-depth: 0'; " +
        "Azure Pipelines: checkout with 'fetchDepth: 0'; locally: git fetch --unshallow).";

    public static Repository Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var gitDir = Directory.Exists(full) ? Repository.Discover(full) : null;
        if (gitDir is null)
        {
            throw new ChangedImagesException("NotAGitRepository",
                $"'{full}' is not inside a git repository. Run the command from a clone of your GitOps repository or pass -Path.", invalidArgument: true);
        }

        var repository = new Repository(gitDir);
        if (repository.Info.IsBare)
        {
            repository.Dispose();
            throw new ChangedImagesException("BareRepository", $"'{full}' is a bare repository; Get-ChangedImages needs a clone with a working tree.", invalidArgument: true);
        }

        return repository;
    }

    public static Commit Resolve(Repository repository, string revision, string parameter)
    {
        Commit? commit;
        try
        {
            commit = repository.Lookup(revision)?.Peel<Commit>();
        }
        catch (LibGit2SharpException)
        {
            commit = null;
        }

        if (commit is not null)
        {
            return commit;
        }

        var hint = repository.Info.IsShallow
            ? " " + ShallowHint
            : " Check the name (git rev-parse --verify " + revision + ") and fetch it first if it is a remote branch (git fetch origin).";
        throw new ChangedImagesException(repository.Info.IsShallow ? "ShallowCloneMissingRevision" : "RevisionNotFound",
            $"-{parameter} '{revision}' is not a commit in this repository.{hint}", invalidArgument: !repository.Info.IsShallow);
    }

    public static Commit ResolveHead(Repository repository, string? head)
    {
        if (head is not null)
        {
            return Resolve(repository, head, "Head");
        }

        return repository.Head.Tip
            ?? throw new ChangedImagesException("NoCommits", "The repository has no commits yet: commit first, or use -IncludeWorkingTree after the first commit.");
    }

    /// <summary>
    /// The commit to compare with: merge-base of Head and Base (what a pull request changes, like git diff base...head),
    /// where Base defaults to the upstream of the current branch, then origin/HEAD.
    /// </summary>
    public static Commit ResolveBase(Repository repository, string? baseRevision, Commit head)
    {
        Commit target;
        if (baseRevision is not null)
        {
            target = Resolve(repository, baseRevision, "Base");
        }
        else
        {
            target = repository.Head.TrackedBranch?.Tip
                ?? (repository.Refs["refs/remotes/origin/HEAD"]?.ResolveToDirectReference()?.Target as Commit)
                ?? throw new ChangedImagesException("NoBaseRevision",
                    "No -Base given and the current branch has no upstream and there is no origin/HEAD. Pass -Base (e.g. -Base origin/main), or use -All.");
        }

        var mergeBase = repository.ObjectDatabase.FindMergeBase(head, target);
        if (mergeBase is not null)
        {
            return mergeBase;
        }

        if (repository.Info.IsShallow)
        {
            throw new ChangedImagesException("ShallowCloneMissingBase",
                $"The common ancestor of Head and Base '{baseRevision ?? target.Sha[..7]}' is not in this clone. {ShallowHint}");
        }

        // Unrelated histories: there is no "what this branch changed", so compare the two trees directly.
        return target;
    }
}
