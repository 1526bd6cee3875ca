namespace FluxOps.Core.Git;

/// <summary>
/// A git operation that failed before changing anything (or, for push, after leaving the remote as it was).
/// </summary>
internal sealed class GitOperationException : FluxOpsException
{
    public GitOperationException(string errorId, FailureKind kind, string message, string? target = null, Exception? inner = null)
        : base(errorId, kind, message, target, inner)
    {
    }

    public GitOperationException()
        : this("GitOperationFailed", FailureKind.InvalidOperation, "The git operation failed.")
    {
    }

    public GitOperationException(string message)
        : this("GitOperationFailed", FailureKind.InvalidOperation, message)
    {
    }

    public GitOperationException(string message, Exception inner)
        : this("GitOperationFailed", FailureKind.InvalidOperation, message, null, inner)
    {
    }

    /// <summary>Files that conflicted when the failure is a revert conflict.</summary>
    public IReadOnlyList<string> ConflictingFiles { get; init; } = Array.Empty<string>();
}
