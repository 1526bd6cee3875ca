namespace FluxOps.Core.Flux;

/// <summary>
/// A webhook request that must not be acted on. <see cref="ErrorId"/> is stable (cmdlets use it as the ErrorRecord id,
/// the receiver as the metrics label); the message never contains the key or the signature.
/// </summary>
internal sealed class FluxEventException : Exception
{
    public FluxEventException(string errorId, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
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

    public string ErrorId { get; }

    /// <summary>True for signature problems (the request may be forged), false for malformed content.</summary>
    public bool IsAuthenticationFailure => ErrorId.StartsWith("Signature", StringComparison.Ordinal) || ErrorId == "HmacKeyEmpty";
}
