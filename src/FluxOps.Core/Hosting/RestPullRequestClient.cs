using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace FluxOps.Core.Hosting;

/// <summary>
/// The few typed REST calls GitLab and Azure DevOps need (no maintained .NET client is available for them). One POST
/// each; the token goes in a header and never into messages.
/// </summary>
internal abstract class RestPullRequestClient : IPullRequestClient
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    protected RestPullRequestClient(string baseUrl) => BaseUrl = baseUrl.TrimEnd('/');

    protected string BaseUrl { get; }

    public abstract Task<string> CreateAsync(PullRequestRequest request, CancellationToken cancellationToken);

    protected static async Task<TResponse> PostAsync<TBody, TResponse>(string url, TBody body, Action<HttpRequestHeaders> authorize, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorize);
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        authorize(message.Headers);
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new PullRequestException("PullRequestServiceUnreachable", $"Could not reach {service} at {url}: {ex.Message}", url, ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new PullRequestException("PullRequestFailed",
                    $"{service} refused the request ({(int)response.StatusCode} {response.ReasonPhrase}): {Shorten(text)}", url);
            }

            return JsonSerializer.Deserialize<TResponse>(text, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new PullRequestException("PullRequestFailed", $"{service} returned an empty response.", url);
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "..." : text;
}
