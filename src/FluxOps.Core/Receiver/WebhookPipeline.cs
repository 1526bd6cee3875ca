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
}

/// <summary>
/// The receiver's rules, request in, response out: health and metrics, then path, method and size before the body is
/// read (<see cref="Preflight"/>), then signature, JSON, age and kind, then the engine's screen and duplicate filter
/// (<see cref="Handle"/>). Rejected requests cost a counter and a log line and never reach git; an admitted event is
/// handed to <c>accept</c> and answered 202.
/// </summary>
internal sealed class WebhookPipeline(ReceiverOptions options, byte[] key, RollbackEngine engine, ReceiverMetrics metrics, ReceiverLog log,
    Action<FluxEvent> accept, Action<RollbackDecision> report, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The answer that needs no body (health, metrics, unknown path, wrong method, too large), or null to read it.</summary>
    public WebhookResponse? Preflight(string method, string path, long declaredLength, string? remote)
    {
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

    /// <summary>The reply to a body that grew past the limit while it was read.</summary>
    public WebhookResponse TooLarge(string method, string path, string? remote) =>
        Reject(413, "too_large", $"body over {options.MaxBodyBytes} bytes", method, path, remote);

    public WebhookResponse Handle(WebhookRequest request)
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

        if (!options.Kinds.Contains(flux.Kind, StringComparer.Ordinal))
        {
            return Reject(422, "kind", $"kind {flux.Kind} is not handled", request.Method, request.Path, request.RemoteAddress, flux);
        }

        metrics.CountAccepted();
        if (engine.Admit(flux) is { } skipped)
        {
            report(skipped);
        }
        else
        {
            accept(flux);
        }

        return new WebhookResponse(202, "accepted\n");
    }

    private WebhookResponse Reject(int status, string reason, string detail, string method, string path, string? remote, FluxEvent? flux = null)
    {
        metrics.CountRejected(reason);
        log.Warn("request rejected", ("status", status), ("reason", reason), ("detail", detail), ("method", method), ("path", path),
            ("remote", remote), ("object", flux is null ? null : RollbackPolicy.SourceOf(flux)));
        return new WebhookResponse(status, $"{reason}: {detail}\n");
    }
}
