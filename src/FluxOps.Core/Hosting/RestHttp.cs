using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluxOps.Core.Git;

namespace FluxOps.Core.Hosting;

/// <summary>One REST answer: status and raw body.</summary>
internal sealed record RestResponse(int Status, byte[] Body)
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
                throw new GitOperationException("RestApiFailed", FailureKind.InvalidOperation, $"The service answered {Status} without the JSON expected ({Body.Length} bytes).", null, ex);
            }
        }
    }
}

/// <summary>
/// Synchronous JSON-over-HTTP for the REST clients (the rollback interfaces are synchronous). The authorization header
/// is set by the caller's <c>authorize</c> delegate and never appears in any message this class builds.
/// </summary>
internal sealed class RestHttp(string service, Action<HttpRequestHeaders> authorize)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    public RestResponse Send(HttpMethod method, string url, JsonNode? body, CancellationToken cancellationToken, string? accept = null)
    {
        using var message = new HttpRequestMessage(method, url);
        message.Headers.UserAgent.Add(new ProductInfoHeaderValue("FluxOps", "1.0"));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept ?? "application/json"));
        authorize(message.Headers);
        if (body is not null)
        {
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = Http.Send(message, cancellationToken);
            using var stream = response.Content.ReadAsStream(cancellationToken);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return new RestResponse((int)response.StatusCode, buffer.ToArray());
        }
        catch (HttpRequestException ex)
        {
            throw new GitOperationException("RestApiUnreachable", FailureKind.ConnectionFailed, $"Could not reach {service} at {Redact(url)}: {ex.Message}", Redact(url), ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GitOperationException("RestApiUnreachable", FailureKind.ConnectionFailed, $"{service} did not answer in time at {Redact(url)}.", Redact(url), ex);
        }
    }

    /// <summary>Sends and returns the JSON body of a 2xx answer; anything else is a clear error.</summary>
    public JsonNode Json(HttpMethod method, string url, JsonNode? body, string what, CancellationToken cancellationToken) =>
        Ensure(Send(method, url, body, cancellationToken), url, what).Json;

    public RestResponse Ensure(RestResponse response, string url, string what)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Ok)
        {
            return response;
        }

        var kind = response.Status switch
        {
            401 or 403 => FailureKind.AuthenticationFailed,
            404 => FailureKind.ObjectNotFound,
            _ => FailureKind.InvalidOperation,
        };
        var id = kind == FailureKind.AuthenticationFailed ? "RestApiAuthenticationFailed" : "RestApiFailed";
        throw new GitOperationException(id, kind, $"{service} refused to {what} ({response.Status}): {Shorten(response.Text)}", Redact(url));
    }

    /// <summary>URLs never carry the token, but strip any query anyway: messages name the resource, not the request.</summary>
    private static string Redact(string url) => url.Split('?', 2)[0];

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
