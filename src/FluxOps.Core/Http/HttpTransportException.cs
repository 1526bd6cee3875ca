namespace FluxOps.Core.Http;

/// <summary>
/// No usable answer came back: the host could not be reached, did not answer in time, asked to wait longer than we
/// allow, sent more than we read, or redirected somewhere we do not follow. The message names the request by method
/// and redacted URL (no user-info, no query) and never carries a credential.
/// </summary>
internal sealed class HttpTransportException : FluxOpsException
{
    public HttpTransportException(string errorId, FailureKind kind, string message, string failure, bool retryable, string? target = null, Exception? inner = null)
        : base(errorId, kind, message, target, inner)
    {
        Failure = failure;
        Retryable = retryable;
    }

    public HttpTransportException()
        : this("HttpFailed", FailureKind.ConnectionFailed, "The HTTP request failed.", "failed", false)
    {
    }

    public HttpTransportException(string message)
        : this("HttpFailed", FailureKind.ConnectionFailed, message, message, false)
    {
    }

    public HttpTransportException(string message, Exception inner)
        : this("HttpFailed", FailureKind.ConnectionFailed, message, message, false, null, inner)
    {
    }

    /// <summary>What went wrong without the request in front ("connection refused"), for retry log lines.</summary>
    public string Failure { get; }

    /// <summary>True when another attempt may succeed (connection failures and timeouts, not caps or refusals).</summary>
    public bool Retryable { get; }

    internal static HttpTransportException For(HttpRequestMessage? request, string errorId, FailureKind kind, string failure, bool retryable, Exception? inner = null)
    {
        var target = HttpRedaction.Url(request?.RequestUri);
        return new HttpTransportException(errorId, kind, $"{request?.Method.Method ?? "HTTP"} {target}: {failure}", failure, retryable, target, inner);
    }
}
