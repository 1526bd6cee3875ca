namespace FluxOps.Core.Git;

/// <summary>What kind of failure a git operation hit; cmdlets map it to an ErrorCategory.</summary>
public enum GitFailureKind
{
    InvalidArgument,
    ObjectNotFound,
    InvalidOperation,
    AuthenticationFailed,
    ConnectionFailed,
    Conflict,
    PushRejected,
}

/// <summary>
/// A git operation that failed before changing anything (or, for push, after leaving the remote as it was).
/// <see cref="ErrorId"/> is stable and becomes the ErrorRecord's id; the message never contains secrets.
/// </summary>
public sealed class GitOperationException : Exception
{
    public GitOperationException(string errorId, GitFailureKind kind, string message, string? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public GitOperationException()
        : this("GitOperationFailed", GitFailureKind.InvalidOperation, "The git operation failed.")
    {
    }

    public GitOperationException(string message)
        : this("GitOperationFailed", GitFailureKind.InvalidOperation, message)
    {
    }

    public GitOperationException(string message, Exception inner)
        : this("GitOperationFailed", GitFailureKind.InvalidOperation, message, null, inner)
    {
    }

    public string ErrorId { get; }

    public GitFailureKind Kind { get; }

    public string? Target { get; }

    /// <summary>Files that conflicted when the failure is a revert conflict.</summary>
    public IReadOnlyList<string> ConflictingFiles { get; init; } = Array.Empty<string>();
}
