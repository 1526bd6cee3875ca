using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FluxOps.Core.Http;
using FluxOps.Core.Manifests;
using LibGit2Sharp;

namespace FluxOps.Core.Flux;

/// <summary>
/// A Flux notification-controller <c>Receiver</c> to call after a push: its webhook URL (the receiver service's address plus
/// the Receiver's <c>.status.webhookPath</c>) and, for a <c>generic-hmac</c> Receiver, the token of its Secret. The webhook
/// path is itself a secret (it is derived from the token, and anyone holding it can trigger reconciles), so messages show
/// only scheme and host.
/// </summary>
internal sealed record ReconcileHook(Uri Url, byte[]? HmacKey)
{
    public string Type => HmacKey is null ? "generic" : "generic-hmac";

    public string Display => $"{Url.Scheme}://{Url.Authority}/{(Url.AbsolutePath.StartsWith("/hook/", StringComparison.Ordinal) ? "hook/" : string.Empty)}…";
}

/// <summary>What to tell a person after a push; <see cref="Requested"/> is null when no Receiver was asked, false when the call failed.</summary>
internal sealed record ReconcileNote(string Text, bool? Requested);

/// <summary>
/// Recovery should not wait for the GitRepository's interval: after a revert (or resume) reaches the watched branch,
/// either ask Flux's own webhook Receiver to reconcile now, or say exactly which <c>flux reconcile</c> commands do it.
/// </summary>
internal static class FluxReconcile
{
    /// <summary>
    /// Asks the Receiver (when given) to reconcile, over the one outbound HTTP stack; a failure is a note, never an error
    /// (the push already happened). <paramref name="objects"/> are "kind/namespace/name" of the Flux objects to reconcile.
    /// </summary>
    public static ReconcileNote After(ReconcileHook? hook, string sha, IReadOnlyList<string> objects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sha);
        ArgumentNullException.ThrowIfNull(objects);
        var commands = Commands(objects);
        var shortSha = sha[..Math.Min(7, sha.Length)];
        if (hook is null)
        {
            return new ReconcileNote($"Flux applies {shortSha} when its source next polls the branch. To apply it now: {commands} " +
                "(or pass -ReconcileUrl with the webhook URL of a Flux Receiver of type generic or generic-hmac).", null);
        }

        var body = Encoding.UTF8.GetBytes($"{{\"source\":\"FluxOps\",\"commit\":\"{sha}\",\"reason\":\"pushed a revert; reconcile now\"}}");
        try
        {
            using var client = OutboundHttp.CreateClient(new OutboundHttpOptions
            {
                RequestTimeout = TimeSpan.FromSeconds(15),
                MaxResponseBytes = 64 * 1024,
                Retry = new RetryPolicy { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(500), MaxRetryAfter = TimeSpan.FromSeconds(10) },
            });
            using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            if (hook.HmacKey is { } key)
            {
                request.Headers.TryAddWithoutValidation("X-Signature", "sha256=" + Convert.ToHexString(HMACSHA256.HashData(key, body)).ToLowerInvariant());
            }

            // A reconcile request only sets an annotation: sending it twice is harmless, so it may be retried.
            request.AllowRetry();
            using var response = client.Send(request, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new ReconcileNote($"Asked Flux's {hook.Type} Receiver at {hook.Display} to reconcile {shortSha} now (HTTP {status}).", true)
                : new ReconcileNote($"Flux's Receiver at {hook.Display} refused the reconcile request (HTTP {status}{Why(response.StatusCode, hook)}); " +
                    $"the push stands. To apply {shortSha} now: {commands}.", false);
        }
        catch (HttpTransportException ex)
        {
            var failure = HttpRedaction.Text(ex.Failure, hook.Url.AbsolutePath, hook.Url.PathAndQuery);
            return new ReconcileNote($"Could not reach Flux's Receiver at {hook.Display} ({failure}); the push stands. To apply {shortSha} now: {commands}.", false);
        }
    }

    /// <summary>The Kustomizations ("kustomization/namespace/name") whose spec.path holds any of the files, found in the tree.</summary>
    public static IReadOnlyList<string> KustomizationsFor(Tree tree, IReadOnlyCollection<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var found = new List<string>();
        foreach (var (_, document) in FluxManifestIndex.Documents(tree, "kustomize.toolkit.fluxcd.io"))
        {
            var metadata = document["metadata"] as YamlMappingNode;
            if (document.Text("kind") != "Kustomization" || document.Text("apiVersion")?.StartsWith("kustomize.toolkit.fluxcd.io/", StringComparison.Ordinal) != true
                || metadata?.Text("name") is not { } name)
            {
                continue;
            }

            var path = Git.PathFilter.Normalize((document["spec"] as YamlMappingNode)?.Text("path") ?? string.Empty);
            var space = metadata.Text("namespace") ?? "flux-system";
            if (files.Any(f => path.Length == 0 || f == path || f.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                found.Add($"kustomization/{space}/{name}");
            }
        }

        return found.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string Commands(IReadOnlyList<string> objects) => objects.Count == 0
        ? "'flux reconcile kustomization <name> --with-source'"
        : string.Join(" and ", objects.Take(5).Select(o => o.Split('/') is { Length: 3 } p
            ? string.Create(CultureInfo.InvariantCulture, $"'flux reconcile {p[0].ToLowerInvariant()} {p[2]} -n {p[1]} --with-source'")
            : $"'flux reconcile {o} --with-source'"));

    private static string Why(HttpStatusCode status, ReconcileHook hook) => status switch
    {
        HttpStatusCode.NotFound => ": no Receiver has this path; copy it from the Receiver's .status.webhookPath",
        HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden when hook.HmacKey is not null =>
            ": check -ReconcileSecret against the token in the Receiver's Secret",
        HttpStatusCode.BadRequest => ": a generic-hmac Receiver needs -ReconcileSecret",
        _ => string.Empty,
    };
}
