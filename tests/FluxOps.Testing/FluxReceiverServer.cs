using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace FluxOps.Testing;

/// <summary>
/// Plays a Flux notification-controller <c>Receiver</c> of type generic or generic-hmac on a loopback port: it answers
/// only its webhook path (<c>/hook/&lt;sha256 of token+name+namespace&gt;</c>, 404 elsewhere) and, for generic-hmac, checks
/// <c>X-Signature: &lt;sha1|sha256|sha512&gt;=&lt;hex HMAC of the body&gt;</c> with the token as notification-controller does
/// (docs/spec/v1/receivers.md), answering 401 when it does not match. notification-controller cannot run without a
/// Kubernetes cluster, so this stand-in checks the same contract and records what it accepted.
/// </summary>
public sealed class FluxReceiverServer : IDisposable
{
    private readonly LoopbackHttpServer _server;
    private readonly byte[]? _token;
    private readonly ConcurrentQueue<string> _accepted = new();

    public FluxReceiverServer(string? hmacToken, string name = "fluxops", string @namespace = "flux-system")
    {
        _token = hmacToken is null ? null : Encoding.UTF8.GetBytes(hmacToken);
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes((hmacToken ?? "generic-token") + name + @namespace))).ToLowerInvariant();
        WebhookPath = "/hook/" + digest;
        _server = new LoopbackHttpServer(AnswerAsync);
    }

    /// <summary>What the Receiver's .status.webhookPath would say (a secret: it is derived from the token).</summary>
    public string WebhookPath { get; }

    public Uri WebhookUrl => new(_server.BaseUri, WebhookPath);

    /// <summary>Bodies of the requests the Receiver accepted (each one a reconcile request for its resources).</summary>
    public IReadOnlyList<string> Accepted => _accepted.ToArray();

    public IReadOnlyList<ReceivedRequest> Requests => _server.Requests;

    public void Dispose() => _server.Dispose();

    private async Task AnswerAsync(System.Net.HttpListenerContext context, CancellationToken cancellation)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellation).ConfigureAwait(false);
        if (context.Request.Url?.AbsolutePath != WebhookPath)
        {
            await LoopbackHttpServer.RespondAsync(context, 404).ConfigureAwait(false);
            return;
        }

        if (_token is not null && !SignatureMatches(context.Request.Headers["X-Signature"], Encoding.UTF8.GetBytes(body)))
        {
            await LoopbackHttpServer.RespondAsync(context, 401).ConfigureAwait(false);
            return;
        }

        _accepted.Enqueue(body);
        await LoopbackHttpServer.RespondAsync(context, 200).ConfigureAwait(false);
    }

    private bool SignatureMatches(string? header, byte[] body)
    {
        var parts = header?.Split('=', 2);
        if (parts is not { Length: 2 })
        {
            return false;
        }

        byte[] expected = parts[0] switch
        {
            "sha1" => HMACSHA1.HashData(_token!, body),
            "sha256" => HMACSHA256.HashData(_token!, body),
            "sha512" => HMACSHA512.HashData(_token!, body),
            _ => [],
        };
        return expected.Length > 0 && string.Equals(Convert.ToHexString(expected), parts[1], StringComparison.OrdinalIgnoreCase);
    }
}
