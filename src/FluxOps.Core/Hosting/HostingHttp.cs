using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxOps.Core.Git;
using FluxOps.Core.Http;
using FluxOps.Models;

namespace FluxOps.Core.Hosting;

/// <summary>One REST answer: status and raw body.</summary>
internal sealed record RestResponse(int Status, byte[] Body, bool RateLimited = false)
{
    public bool Ok => Status is >= 200 and < 300;

    public string Text => Encoding.UTF8.GetString(Body);

    public JsonNode Json
    {
        get
        {
            try
            {
                return JsonNode.Parse(Body) ?? throw new JsonException("null");
            }
            catch (JsonException ex)
            {
                throw new GitOperationException("RestApiFailed", FailureKind.InvalidData, $"The service answered {Status} without the JSON expected ({Body.Length} bytes).", null, ex);
            }
        }
    }
}

/// <summary>
/// JSON over the shared outbound HTTP stack for one hosted repository (the rollback interfaces are synchronous, so
/// this blocks at this one place). Reads are retried by the stack after 429/5xx; writes are sent once unless the call
/// says the write is safe to repeat. Every failure becomes a <see cref="GitOperationException"/> whose message names
/// the repository and the step, never the token.
/// </summary>
internal sealed class HostingHttp(PullRequestProvider provider, string location, HostingCredential credential, HttpClient client)
{
    public RestResponse Send(HttpMethod method, string url, JsonNode? body, CancellationToken cancellationToken, string? accept = null, bool retryWrite = false)
    {
        using var message = new HttpRequestMessage(method, url);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept ?? "application/json"));
        credential.Apply(message.Headers);
        if (body is not null)
        {
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        if (retryWrite)
        {
            message.AllowRetry();
        }

        try
        {
            using var response = client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).GetAwaiter().GetResult();
            var bytes = response.Content.ReadAsByteArrayAsync(cancellationToken).GetAwaiter().GetResult();
            return new RestResponse((int)response.StatusCode, bytes, RetryPolicy.IsRateLimited(response));
        }
        catch (HttpTransportException ex)
        {
            var id = ex.ErrorId switch
            {
                "HttpRetryAfterTooLong" => "RestApiRateLimited",
                "HttpResponseTooLarge" => "RestApiResponseTooLarge",
                _ => "RestApiUnreachable",
            };
            throw new GitOperationException(id, ex.Kind, $"{location}: {Redact(ex.Message)}", ex.Target, ex);
        }
    }

    /// <summary>Sends and returns the JSON body of a 2xx answer; anything else is a clear error.</summary>
    public JsonNode Json(HttpMethod method, string url, JsonNode? body, string what, CancellationToken cancellationToken, bool retryWrite = false, string failureId = "RestApiFailed") =>
        Ensure(Send(method, url, body, cancellationToken, retryWrite: retryWrite), url, what, failureId).Json;

    /// <summary>
    /// The answer when it is a 2xx. 401 (the token was not accepted), 403 (accepted, not allowed), 404 (the
    /// repository or object is unknown, or hidden from this token) and rate limits each get their own id and advice.
    /// </summary>
    public RestResponse Ensure(RestResponse response, string url, string what, string failureId = "RestApiFailed")
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Ok)
        {
            return response;
        }

        var said = Shorten(Redact(response.Text));
        var (id, kind, message) = response.Status switch
        {
            _ when response.RateLimited => ("RestApiRateLimited", FailureKind.LimitsExceeded,
                $"{location} rate-limited the request to {what} ({response.Status}); try again later. {said}"),
            401 => ("RestApiAuthenticationFailed", FailureKind.AuthenticationFailed,
                $"{location} did not accept the token (401) when asked to {what}: pass a valid token with -Credential or set {HostingCredential.Variables(provider)}. {said}"),
            403 => ("RestApiForbidden", FailureKind.AuthenticationFailed,
                $"{location} refused to {what} (403): the token is valid but not allowed to do this; give it write access to the repository (and pull requests). {said}"),
            404 => ("RestApiNotFound", FailureKind.ObjectNotFound,
                $"{location} found nothing to {what} (404): the repository or object does not exist, or the token cannot see it. {said}"),
            _ => (failureId, FailureKind.InvalidOperation, $"{location} refused to {what} ({response.Status}): {said}"),
        };
        throw new GitOperationException(id, kind, message.TrimEnd(), HttpRedaction.Url(url));
    }

    private string Redact(string text) => HttpRedaction.Text(text, credential.Secrets());

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
