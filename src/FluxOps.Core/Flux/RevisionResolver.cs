using FluxOps.Core.Git;
using LibGit2Sharp;

namespace FluxOps.Core.Flux;

/// <summary>Turns what a person or Flux names (a Flux revision, a sha, a ref) into a commit of a repository.</summary>
internal static class RevisionResolver
{
    public static Commit Resolve(IRepository repository, string revision)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var commitish = FluxRevision.Parse(revision).ToCommitish();
        GitObject? found = null;
        try
        {
            found = repository.Lookup(commitish);
        }
        catch (AmbiguousSpecificationException ex)
        {
            throw new GitOperationException("RevisionAmbiguous", FailureKind.InvalidArgument,
                $"'{commitish}' matches more than one object; give more characters of the sha.", revision, ex);
        }
        catch (LibGit2SharpException ex)
        {
            throw new GitOperationException("RevisionInvalid", FailureKind.InvalidArgument,
                $"'{revision}' is not a revision git understands: give a commit sha, a branch or a Flux revision such as main@sha1:<sha>.", revision, ex);
        }

        if (found is null)
        {
            throw new GitOperationException("CommitNotFound", FailureKind.ObjectNotFound,
                $"Commit '{commitish}' (from revision '{revision}') is not in the repository. Fetch first, or check the revision.", revision);
        }

        try
        {
            return found.Peel<Commit>();
        }
        catch (InvalidSpecificationException ex)
        {
            // A tree or blob (HEAD^{tree}, HEAD:path) is not a malformed name but is no commit either: say so, in FluxOps' words.
            throw new GitOperationException("RevisionInvalid", FailureKind.InvalidArgument,
                $"'{revision}' names a {found.GetType().Name.ToLowerInvariant()} ({found.Sha[..7]}), not a commit: give a commit sha, a branch or a Flux revision such as main@sha1:<sha>.", revision, ex);
        }
    }
}
