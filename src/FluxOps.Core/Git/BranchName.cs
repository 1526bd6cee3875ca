using LibGit2Sharp;

namespace FluxOps.Core.Git;

/// <summary>
/// Refuses a branch name git would refuse, before anything looks it up: libgit2 answers one with an
/// InvalidSpecificationException, which would otherwise reach the user as a library's exception name.
/// </summary>
internal static class BranchName
{
    /// <summary>Returns <paramref name="branch"/> (null stays null) or throws BranchNameInvalid.</summary>
    public static string? Ensure(string? branch)
    {
        if (branch is null)
        {
            return null;
        }

        var name = branch.StartsWith("refs/heads/", StringComparison.Ordinal) ? branch : "refs/heads/" + branch;
        return Reference.IsValidName(name) ? branch : throw new GitOperationException("BranchNameInvalid", FailureKind.InvalidArgument,
            $"'{branch}' is not a valid branch name (git check-ref-format --branch '{branch}' refuses it): give the branch Flux watches, e.g. main.", branch);
    }
}
