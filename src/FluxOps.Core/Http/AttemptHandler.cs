using System.Net.Sockets;
using System.Security.Authentication;

namespace FluxOps.Core.Http;

/// <summary>
/// Bounds one attempt: the answer AND its whole body must arrive within <paramref name="timeout"/> and the body may
/// not exceed <paramref name="maxResponseBytes"/> (it is buffered here, so a server that stalls mid-body is bounded
/// too). Turns every way an attempt can fail into an <see cref="HttpTransportException"/> that says whether another
/// attempt may help; the caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class AttemptHandler(TimeSpan timeout, long maxResponseBytes) : DelegatingHandler
{
    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
            if (request.Method != HttpMethod.Head)
            {
                await ResponseBody.BufferAsync(response, maxResponseBytes, attempt.Token).ConfigureAwait(false);
            }

            return response;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw HttpTransportException.For(request, "HttpTimeout", FailureKind.ConnectionFailed,
                $"no answer within {timeout.TotalSeconds:0.#} s", retryable: true, ex);
        }
        catch (HttpRequestException ex)
        {
            response?.Dispose();
            throw HttpTransportException.For(request, "HttpUnreachable", FailureKind.ConnectionFailed, Describe(ex), retryable: true, ex);
        }
        catch (IOException ex)
        {
            response?.Dispose();
            throw HttpTransportException.For(request, "HttpUnreachable", FailureKind.ConnectionFailed,
                "the connection broke while the answer was read: " + ex.Message, retryable: true, ex);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private static string Describe(HttpRequestException ex)
    {
        if (ex.InnerException is AuthenticationException tls)
        {
            return "TLS failure: " + tls.Message;
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.ConnectionError when ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
            HttpRequestError.NameResolutionError => "host name not found",
            HttpRequestError.SecureConnectionError => "TLS failure: " + (ex.InnerException?.Message ?? ex.Message),
            HttpRequestError.ResponseEnded => "the server closed the connection before answering",
            _ => HttpRedaction.Text(ex.Message),
        };
    }
}
