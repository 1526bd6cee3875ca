namespace FluxOps.Core;

/// <summary>What kind of failure stopped an operation; the PowerShell layer maps it to an ErrorCategory.</summary>
internal enum FailureKind
{
    InvalidArgument,
    ObjectNotFound,
    InvalidOperation,
    AuthenticationFailed,
    ConnectionFailed,
    Conflict,
    PushRejected,
    InvalidData,
    SecurityError,
    LimitsExceeded,
}

/// <summary>
/// The one root of every failure FluxOps reports to a user. <see cref="ErrorId"/> is stable (it becomes the ErrorRecord's
/// FullyQualifiedErrorId and the receiver's metric label); the message says what happened and what to do, and never
/// contains a secret. Anything else that escapes Core is a bug.
/// </summary>
internal class FluxOpsException : Exception
{
    public FluxOpsException(string errorId, FailureKind kind, string message, string? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public FluxOpsException()
        : this("FluxOpsFailed", FailureKind.InvalidOperation, "The operation failed.")
    {
    }

    public FluxOpsException(string message)
        : this("FluxOpsFailed", FailureKind.InvalidOperation, message)
    {
    }

    public FluxOpsException(string message, Exception inner)
        : this("FluxOpsFailed", FailureKind.InvalidOperation, message, null, inner)
    {
    }

    public string ErrorId { get; }

    public FailureKind Kind { get; }

    /// <summary>What the failure is about (a sha, a path, a URL without credentials), for the ErrorRecord's target.</summary>
    public string? Target { get; }
}
