using FluxOps.Core.Flux;
using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Receiver;

/// <summary>One HTTP request as the pipeline sees it: no sockets, so every rule is testable without a listener.</summary>
internal sealed record WebhookRequest(string Method, string Path, string? Signature, byte[] Body, string? RemoteAddress = null);

/// <summary>The answer to one request.</summary>
internal sealed record WebhookResponse(int Status, string Text, string ContentType = "text/plain; charset=utf-8")
{
    /// <summary>The Allow header of a 405.</summary>
    public string? Allow { get; init; }

    /// <summary>Seconds for a Retry-After header (503: the sender should come back).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>Close the connection after this answer (the receiver is stopping).</summary>
    public bool Close { get; init; }
}

/// <summary>
/// The receiver's rules, request in, response out: host, health and metrics, then path, method and size before the body
/// is read (<see cref="Preflight"/>), then signature, JSON, age (stale or from the future) and kind, then the worker
/// (<see cref="HandleAsync"/>). A 202 is a promise: it is sent only once the event is decided — reverted and pushed, or
/// skipped for a reason — never before git was asked. What cannot be decided now is answered 503 with Retry-After, and
/// notification-controller retries it: the queue is full, the decision is still running (the retry joins it), the
/// remote failed, or the receiver is stopping. Rejected requests cost a counter and a sampled log line, never git.
/// </summary>
internal sealed class WebhookPipeline(ReceiverOptions options, byte[] key, ReceiverMetrics metrics, SampledLog rejections,
    Func<FluxEvent, Submission> submit, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The answer that needs no body (wrong host, health, metrics, unknown path, wrong method, too large), or null to read it.</summary>
    public WebhookResponse? Preflight(string method, string path, string? host, long declaredLength, string? remote)
    {
        if (host is not null && !options.AcceptsHost(host))
        {
            return Reject(421, "host", "this receiver does not serve that host", method, path, remote);
        }

        if (path == "/healthz" && method is "GET" or "HEAD")
        {
            return new WebhookResponse(200, "ok\n");
        }

        if (path == "/metrics" && method is "GET" or "HEAD")
        {
            return new WebhookResponse(200, metrics.ToPrometheusText(), "text/plain; version=0.0.4; charset=utf-8");
        }

        if (!string.Equals(path, options.HookPath, StringComparison.Ordinal))
        {
            return Reject(404, "path", "unknown path", method, path, remote);
        }

        metrics.CountReceived();
        if (method != "POST")
        {
            return Reject(405, "method", "only POST is accepted", method, path, remote) with { Allow = "POST" };
        }

        return declaredLength > options.MaxBodyBytes ? TooLarge(method, path, remote) : null;
    }

    /// <summary>The reply to a body over the limit.</summary>
    public WebhookResponse TooLarge(string method, string path, string? remote) =>
        Reject(413, "too_large", $"body over {options.MaxBodyBytes} bytes", method, path, remote);

    /// <summary>Counts and (sampled) logs a request the HTTP layer refused: malformed, too slow, too many.</summary>
    public WebhookResponse Refuse(int status, string reason, string detail, string? remote) =>
        Reject(status, reason, detail, "-", "-", remote);

    public async Task<WebhookResponse> HandleAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        FluxEvent flux;
        try
        {
            flux = FluxEventParser.Parse(request.Body, request.Signature, key, verify: true);
        }
        catch (FluxEventException ex)
        {
            var (status, label) = ex.IsAuthenticationFailure ? (401, "signature") : (400, "malformed");
            return Reject(status, label, ex.ErrorId, request.Method, request.Path, request.RemoteAddress);
        }

        var age = _clock.GetUtcNow() - flux.Timestamp;
        if (age > options.MaxEventAge)
        {
            return Reject(400, "stale", $"event is {age.TotalMinutes:F0} min old (limit {options.MaxEventAge.TotalMinutes:F0})",
                request.Method, request.Path, request.RemoteAddress, flux);
        }

        if (-age > options.MaxClockSkew)
        {
            return Reject(400, "future", $"event is dated {-age.TotalMinutes:F0} min ahead (limit {options.MaxClockSkew.TotalMinutes:F0})",
                request.Method, request.Path, request.RemoteAddress, flux);
        }

        if (!options.Kinds.Contains(flux.Kind, StringComparer.Ordinal))
        {
            return Reject(422, "kind", $"kind {flux.Kind} is not handled", request.Method, request.Path, request.RemoteAddress, flux);
        }

        metrics.CountAccepted();
        var submission = submit(flux);
        switch (submission.Status)
        {
            case SubmitStatus.Done:
                return Decided(submission.Decision!);
            case SubmitStatus.Full:
                return Defer("busy", $"{options.MaxQueuedEvents} events are waiting to be decided; retry later", 5);
            case SubmitStatus.Stopping:
                return Defer("stopping", "the receiver is stopping; retry", 1) with { Close = true };
        }

        var pending = submission.Outcome!;
        if (await Task.WhenAny(pending, Task.Delay(options.DecisionTimeout, _clock, cancellationToken)).ConfigureAwait(false) != pending)
        {
            return Defer("deciding", "the event is still being decided; retry and the retry waits for the same decision", 2);
        }

        var outcome = await pending.ConfigureAwait(false);
        return outcome switch
        {
            { Decision: { } decision } => Decided(decision),
            { Stopping: true } => Defer("stopping", "the receiver is stopping; retry", 1) with { Close = true },
            _ => Defer("failed", $"the decision failed ({Shorten(outcome.Failure)}); retry", 5),
        };
    }

    private static WebhookResponse Decided(RollbackDecision decision) =>
        new(202, $"accepted: {decision.Outcome} ({decision.Reason})\n");

    private WebhookResponse Defer(string reason, string detail, int retryAfterSeconds)
    {
        metrics.CountDeferred(reason);
        return new WebhookResponse(503, $"{reason}: {detail}\n") { RetryAfterSeconds = retryAfterSeconds };
    }

    private WebhookResponse Reject(int status, string reason, string detail, string method, string path, string? remote, FluxEvent? flux = null)
    {
        metrics.CountRejected(reason);
        rejections.Warn(reason, "request rejected", ("status", status), ("reason", reason), ("detail", detail), ("method", method), ("path", path),
            ("remote", remote), ("object", flux is null ? null : RollbackPolicy.SourceOf(flux)));
        return new WebhookResponse(status, $"{reason}: {detail}\n");
    }

    private static string Shorten(string? text)
    {
        var line = (text ?? "unknown error").Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
