using System.Net;
using System.Text;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>One answer as a sender saw it: a status, or no answer at all (refused, reset).</summary>
internal sealed record SentAnswer(HttpStatusCode? Status, string Text);

/// <summary>
/// Posts like notification-controller: a signed body, and on 5xx, 429 or a connection failure it tries again after
/// Retry-After (or a short backoff) until a 2xx or its deadline. Bounded: the deadline is a parameter.
/// </summary>
internal sealed class NotificationSender : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(1) }) { Timeout = TimeSpan.FromSeconds(20) };

    public async Task<SentAnswer> PostOnceAsync(int port, string body, string signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{port}/hooks/flux") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Signature", signature);
        request.Headers.TryAddWithoutValidation("Gotk-Component", "kustomize-controller");
        try
        {
            using var response = await _http.SendAsync(request);
            return new SentAnswer(response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new SentAnswer(null, ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>Retries until a 2xx; returns it (or the last answer when <paramref name="deadline"/> passes) and every answer seen.</summary>
    public async Task<(SentAnswer Final, IReadOnlyList<SentAnswer> All)> PostUntilAcknowledgedAsync(Func<int> port, string body, string signature, TimeSpan deadline)
    {
        var all = new List<SentAnswer>();
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            var answer = await PostOnceAsync(port(), body, signature);
            all.Add(answer);
            if (answer.Status is { } status && (int)status / 100 == 2 || DateTime.UtcNow > until
                || answer.Status is { } refused && (int)refused < 500 && refused != HttpStatusCode.TooManyRequests)
            {
                return (answer, all);
            }

            await Task.Delay(250);
        }
    }

    public void Dispose() => _http.Dispose();
}
