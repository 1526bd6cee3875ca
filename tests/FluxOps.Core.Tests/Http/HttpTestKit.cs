using System.Collections.Concurrent;
using System.Net;
using FluxOps.Core.Http;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Http;

/// <summary>Clients on the outbound stack with short delays, and scripted loopback answers.</summary>
internal sealed class HttpTestKit
{
    private readonly ConcurrentQueue<string> _log = new();

    public IReadOnlyList<string> Log => _log.ToArray();

    public HttpClient Client(int retries = 2, double timeoutSeconds = 10, long maxBytes = 1024 * 1024, double maxRetryAfterSeconds = 5) =>
        OutboundHttp.CreateClient(new OutboundHttpOptions
        {
            RequestTimeout = TimeSpan.FromSeconds(timeoutSeconds),
            MaxResponseBytes = maxBytes,
            Retry = new RetryPolicy { MaxRetries = retries, BaseDelay = TimeSpan.FromMilliseconds(20), MaxRetryAfter = TimeSpan.FromSeconds(maxRetryAfterSeconds) },
            Log = _log.Enqueue,
        });

    /// <summary>A server answering each request with the next of <paramref name="answers"/> (the last one repeats).</summary>
    public static LoopbackHttpServer Scripted(params Func<HttpListenerContext, Task>[] answers)
    {
        var calls = 0;
        return new LoopbackHttpServer((context, _) => answers[Math.Min(Interlocked.Increment(ref calls), answers.Length) - 1](context));
    }

    public static Func<HttpListenerContext, Task> Status(int status, Dictionary<string, string>? headers = null, string body = "") =>
        context => LoopbackHttpServer.RespondAsync(context, status, headers, System.Text.Encoding.UTF8.GetBytes(body));
}
