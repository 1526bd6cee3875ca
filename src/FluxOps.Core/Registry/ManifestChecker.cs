using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using FluxOps.Models;

namespace FluxOps.Core.Registry;

/// <summary>
/// Asks a registry whether one reference exists: HEAD the manifest with every manifest media type accepted,
/// GET only when HEAD is refused (405/501) or answers without a digest, never after a clean 404 (a GET counts
/// against Docker Hub's pull limit). Keeps three answers apart: missing, not allowed, and could not tell.
/// </summary>
internal sealed class ManifestChecker
{
    private readonly RegistryTransport _transport;
    private readonly RegistryAuthenticator _auth;
    private readonly RegistryClientOptions _options;

    public ManifestChecker(RegistryTransport transport, RegistryAuthenticator auth, RegistryClientOptions options)
    {
        _transport = transport;
        _auth = auth;
        _options = options;
    }

    public async Task<ManifestOutcome> CheckAsync(ImageName name, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(name);
        try
        {
            var outcome = await ResolveAsync(name, name.ManifestReference, cancellation).ConfigureAwait(false);
            if (outcome.Status != ImageCheckStatus.Exists)
            {
                return outcome;
            }

            if (name.Digest is not null && outcome.Digest is not null && !string.Equals(outcome.Digest, name.Digest, StringComparison.OrdinalIgnoreCase))
            {
                return outcome with { Status = ImageCheckStatus.Unknown, Error = $"The registry answered digest {outcome.Digest} when asked for {name.Digest}." };
            }

            if (name.Digest is not null && name.Tag is not null)
            {
                // The digest is what gets pulled; the tag is informational. Report drift, do not fail on it.
                var tag = await ResolveAsync(name, name.Tag, cancellation).ConfigureAwait(false);
                if (tag.Digest is not null && !string.Equals(tag.Digest, name.Digest, StringComparison.OrdinalIgnoreCase))
                {
                    outcome = outcome with { TagDigest = tag.Digest };
                }
            }

            return _options.Platforms.Count == 0 ? outcome : await CheckPlatformsAsync(name, outcome, cancellation).ConfigureAwait(false);
        }
        catch (RegistryAuthException ex)
        {
            return new ManifestOutcome(ImageCheckStatus.Unauthorized, Error: ex.Message);
        }
        catch (RegistryUnavailableException ex)
        {
            return ManifestOutcome.Unknown(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // A credential helper that cannot run, an unreadable auth file: we could not ask.
            return ManifestOutcome.Unknown(ex.Message);
        }
        catch (FormatException ex)
        {
            return ManifestOutcome.Unknown(ex.Message);
        }
        catch (System.Text.Json.JsonException)
        {
            return ManifestOutcome.Unknown($"{name.Registry} sent a manifest or config that is not valid JSON.");
        }
    }

    private async Task<ManifestOutcome> ResolveAsync(ImageName name, string reference, CancellationToken cancellation)
    {
        using var head = await SendAsync(HttpMethod.Head, name, $"manifests/{reference}", cancellation).ConfigureAwait(false);
        var status = head.StatusCode;
        if (status == HttpStatusCode.OK && DigestOf(head) is { } digest)
        {
            return new ManifestOutcome(ImageCheckStatus.Exists, digest, head.Content.Headers.ContentType?.MediaType);
        }

        if (status is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented or HttpStatusCode.OK)
        {
            using var get = await SendAsync(HttpMethod.Get, name, $"manifests/{reference}", cancellation).ConfigureAwait(false);
            if (get.StatusCode == HttpStatusCode.OK)
            {
                var body = await get.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
                var resolved = DigestOf(get) ?? "sha256:" + Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant();
                return new ManifestOutcome(ImageCheckStatus.Exists, resolved, get.Content.Headers.ContentType?.MediaType);
            }

            return Interpret(name, reference, get);
        }

        return Interpret(name, reference, head);
    }

    private static ManifestOutcome Interpret(ImageName name, string reference, HttpResponseMessage response)
    {
        var what = reference.Contains(':', StringComparison.Ordinal) ? $"digest {reference}" : $"tag '{reference}'";
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new ManifestOutcome(ImageCheckStatus.NotFound,
                Error: $"{what} not found in {name.Registry}/{name.Repository} (or the repository does not exist)."),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new ManifestOutcome(ImageCheckStatus.Unauthorized,
                Error: UnauthorizedReason(name, response)),
            _ => ManifestOutcome.Unknown($"{name.Registry} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase} for {what}."),
        };
    }

    private static string UnauthorizedReason(ImageName name, HttpResponseMessage response)
    {
        var text = $"{name.Registry} refused access to {name.Repository} (HTTP {(int)response.StatusCode}).";
        if (name.Registry == ImageName.DockerHub)
        {
            return text + " Docker Hub answers this for a repository that does not exist as well as for a private one: check the name, or log in.";
        }

        return text + " Give credentials with -Credential, -AuthFile or docker/podman login.";
    }

    private async Task<ManifestOutcome> CheckPlatformsAsync(ImageName name, ManifestOutcome outcome, CancellationToken cancellation)
    {
        IReadOnlyList<string> available;
        using (var manifest = await SendAsync(HttpMethod.Get, name, $"manifests/{outcome.Digest}", cancellation).ConfigureAwait(false))
        {
            if (manifest.StatusCode != HttpStatusCode.OK)
            {
                return ManifestOutcome.Unknown($"Reading the manifest to list its platforms answered HTTP {(int)manifest.StatusCode}.");
            }

            var body = await manifest.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            if (ManifestMediaTypes.IsIndex(manifest.Content.Headers.ContentType?.MediaType ?? outcome.MediaType))
            {
                available = PlatformInspector.FromIndex(body);
            }
            else
            {
                // A single image: its platform is in the config blob (a blob read, not a manifest pull).
                var configDigest = PlatformInspector.ConfigDigest(body);
                using var config = configDigest is null ? null : await SendAsync(HttpMethod.Get, name, $"blobs/{configDigest}", cancellation).ConfigureAwait(false);
                var platform = config?.StatusCode == HttpStatusCode.OK
                    ? PlatformInspector.FromConfig(await config.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false)) : null;
                if (platform is null)
                {
                    return outcome with { Status = ImageCheckStatus.Unknown, Error = "Could not read the image's platform from its config." };
                }

                available = [platform];
            }
        }

        outcome = outcome with { Platforms = available };
        var missing = _options.Platforms.Where(p => !PlatformInspector.Offers(available, p)).ToList();
        return missing.Count == 0 ? outcome : outcome with
        {
            Status = ImageCheckStatus.NotFound,
            Error = $"Platform {string.Join(", ", missing)} is not provided (the image has {(available.Count == 0 ? "none listed" : string.Join(", ", available))}).",
        };
    }

    /// <summary>One request below <c>/v2/&lt;repository&gt;/</c>, authenticated as the manifest checks are (the tag lister uses it too).</summary>
    internal async Task<HttpResponseMessage> SendAsync(HttpMethod method, ImageName name, string path, CancellationToken cancellation)
    {
        var scheme = _options.UsesPlainHttp(name) ? "http" : "https";
        var uri = new Uri($"{scheme}://{name.ApiHost}/v2/{name.Repository}/{path}");
        var authorization = await _auth.PreemptiveAsync(name, cancellation).ConfigureAwait(false);
        var response = await _transport.SendAsync(() => Build(method, uri, authorization), cancellation).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || AuthChallenge.From(response.Headers) is not { } challenge)
        {
            return response;
        }

        var answer = await _auth.RespondAsync(name, challenge, authorization, cancellation).ConfigureAwait(false);
        if (answer is null)
        {
            return response;
        }

        response.Dispose();
        return await _transport.SendAsync(() => Build(method, uri, answer), cancellation).ConfigureAwait(false);
    }

    private static HttpRequestMessage Build(HttpMethod method, Uri uri, AuthenticationHeaderValue? authorization)
    {
        var request = new HttpRequestMessage(method, uri);
        // One pre-joined header: the same four types on every request, without re-parsing them each time.
        request.Headers.TryAddWithoutValidation("Accept", ManifestMediaTypes.AcceptHeader);

        request.Headers.Authorization = authorization;
        return request;
    }

    private static string? DigestOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.FirstOrDefault(v => v.Length > 0) : null;
}
