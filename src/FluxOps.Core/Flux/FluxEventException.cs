namespace FluxOps.Core.Flux;

/// <summary>
/// A webhook request that must not be acted on. <see cref="FluxOpsException.ErrorId"/> is also the receiver's metrics
/// label; the message never contains the key or the signature.
/// </summary>
internal sealed class FluxEventException : FluxOpsException
{
    public FluxEventException(string errorId, string message, Exception? inner = null)
        : base(errorId, IsSignatureProblem(errorId) ? FailureKind.SecurityError : FailureKind.InvalidData, message, null, inner)
    {
    }

    public FluxEventException()
        : this("FluxEventInvalid", "The Flux event is invalid.")
    {
    }

    public FluxEventException(string message)
        : this("FluxEventInvalid", message)
    {
    }

    public FluxEventException(string message, Exception innerException)
        : this("FluxEventInvalid", message, innerException)
    {
    }

    /// <summary>True for signature problems (the request may be forged), false for malformed content.</summary>
    public bool IsAuthenticationFailure => Kind == FailureKind.SecurityError;

    private static bool IsSignatureProblem(string errorId) => errorId.StartsWith("Signature", StringComparison.Ordinal) || errorId == "HmacKeyEmpty";
}
