using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>Opens the repository at or above a folder, with an error that says what to pass instead.</summary>
internal static class RepositoryOpener
{
    public static Repository Open(string path)
    {
        var discovered = Repository.Discover(path);
        if (discovered is null)
        {
            throw new GitOperationException("NotAGitRepository", FailureKind.InvalidArgument,
                $"'{path}' is not inside a git repository. Pass -Path to a clone of the repository Flux watches.", path);
        }

        return new Repository(discovered);
    }
}
