using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FluxOps.Core.Registry;

/// <summary>The registry or its token server refused the credentials (or demanded some and none were found).</summary>
internal sealed class RegistryAuthException(string message) : Exception(message);

/// <summary>
/// Answers registry challenges. Remembers each host's challenge so later requests authenticate up front (no 401
/// round trip per image), and caches Bearer tokens per (realm, service, scope) until they expire; concurrent
/// requests for the same scope share one token request.
/// </summary>
internal sealed class RegistryAuthenticator
{
    private static readonly TimeSpan MinimumTokenLifetime = TimeSpan.FromSeconds(60);
    private readonly RegistryTransport _transport;
    private readonly Func<string, string, RegistryCredential?> _credentials;
    private readonly ConcurrentDictionary<string, AuthChallenge> _challenges = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedToken>>> _tokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public RegistryAuthenticator(RegistryTransport transport, Func<string, string, RegistryCredential?> credentials, TimeProvider? clock = null)
    {
        _transport = transport;
        _credentials = credentials;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The credentials this check sends for <paramref name="name"/> (never their secret), or null when none were found.</summary>
    public RegistryCredential? CredentialFor(ImageName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _credentials(name.Registry, name.Repository);
    }

    /// <summary>The Authorization header to send before any challenge, when this host's scheme is already known.</summary>
    public async Task<AuthenticationHeaderValue?> PreemptiveAsync(ImageName name, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _challenges.TryGetValue(name.Registry, out var challenge)
            ? await AuthorizeAsync(name, challenge, null, cancellation).ConfigureAwait(false)
            : null;
    }

    /// <summary>
    /// The header to retry with after a 401 carrying <paramref name="challenge"/>, or null when there is nothing
    /// better to send than what <paramref name="sent"/> already was.
    /// </summary>
    public async Task<AuthenticationHeaderValue?> RespondAsync(ImageName name, AuthChallenge challenge, AuthenticationHeaderValue? sent, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(challenge);
        _challenges[name.Registry] = challenge;
        if (sent is not null && challenge.IsInsufficientScope)
        {
            // Docker Hub says this for a repository that does not exist or is private: asking again costs a token request.
            return null;
        }

        var header = await AuthorizeAsync(name, challenge, sent, cancellation).ConfigureAwait(false);
        return header is null || (sent is not null && header.Parameter == sent.Parameter) ? null : header;
    }

    private async Task<AuthenticationHeaderValue?> AuthorizeAsync(ImageName name, AuthChallenge challenge, AuthenticationHeaderValue? rejected, CancellationToken cancellation)
    {
        var credential = _credentials(name.Registry, name.Repository);
        if (challenge.IsBasic)
        {
            return credential?.HasBasic == true ? new AuthenticationHeaderValue("Basic", credential.BasicHeaderValue) : null;
        }

        if (!challenge.IsBearer || string.IsNullOrEmpty(challenge.Realm))
        {
            return null;
        }

        var scope = $"repository:{name.Repository}:pull";
        var key = $"{challenge.Realm}|{challenge.Service}|{scope}";
        var entry = _tokens.GetOrAdd(key, _ => NewTokenRequest(challenge, scope, credential, cancellation));
        CachedToken token;
        try
        {
            token = await entry.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failed token request is not cached: the next image may try again.
            _tokens.TryRemove(new KeyValuePair<string, Lazy<Task<CachedToken>>>(key, entry));
            throw;
        }

        // Expired, or the registry just refused this very token: fetch a fresh one once.
        if (token.ExpiresAt <= _clock.GetUtcNow() || (rejected is not null && rejected.Parameter == token.Value))
        {
            var fresh = NewTokenRequest(challenge, scope, credential, cancellation);
            _tokens.TryUpdate(key, fresh, entry);
            token = await _tokens.GetOrAdd(key, fresh).Value.ConfigureAwait(false);
        }

        return new AuthenticationHeaderValue("Bearer", token.Value);
    }

    private Lazy<Task<CachedToken>> NewTokenRequest(AuthChallenge challenge, string scope, RegistryCredential? credential, CancellationToken cancellation) =>
        new(() => FetchTokenAsync(challenge, scope, credential, cancellation), LazyThreadSafetyMode.ExecutionAndPublication);

    private async Task<CachedToken> FetchTokenAsync(AuthChallenge challenge, string scope, RegistryCredential? credential, CancellationToken cancellation)
    {
        var realm = new Uri(challenge.Realm!);
        using var response = await _transport.SendAsync(() => TokenRequest(realm, challenge.Service, scope, credential), cancellation).ConfigureAwait(false);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var who = credential is null ? "without credentials" : $"with the credentials from {credential.Source}";
            throw new RegistryAuthException($"The token server {realm.GetLeftPart(UriPartial.Path)} refused a pull token for {scope} {who} (HTTP {(int)response.StatusCode}).");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new RegistryUnavailableException($"The token server {realm.GetLeftPart(UriPartial.Path)} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var value = root.TryGetProperty("token", out var t) && t.GetString() is { Length: > 0 } tokenText ? tokenText
                : root.TryGetProperty("access_token", out var a) ? a.GetString() : null;
            if (string.IsNullOrEmpty(value))
            {
                throw new RegistryUnavailableException($"The token server {realm.GetLeftPart(UriPartial.Path)} answered without a token.");
            }

            var lifetime = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? TimeSpan.FromSeconds(seconds) : MinimumTokenLifetime;
            if (lifetime < MinimumTokenLifetime)
            {
                lifetime = MinimumTokenLifetime;
            }

            // Renew a little early so a token never expires between being read and being used.
            return new CachedToken(value, _clock.GetUtcNow() + lifetime - TimeSpan.FromSeconds(10));
        }
        catch (JsonException)
        {
            throw new RegistryUnavailableException($"The token server {realm.GetLeftPart(UriPartial.Path)} did not answer with JSON.");
        }
    }

    private static HttpRequestMessage TokenRequest(Uri realm, string? service, string scope, RegistryCredential? credential)
    {
        if (credential?.IdentityToken is { } refreshToken)
        {
            // OAuth2 refresh-token grant: how docker uses an identitytoken (and how ACR's helper tokens work).
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["refresh_token"] = refreshToken,
                ["service"] = service ?? string.Empty,
                ["scope"] = scope,
                ["client_id"] = "fluxops",
            };
            return new HttpRequestMessage(HttpMethod.Post, realm) { Content = new FormUrlEncodedContent(form) };
        }

        var query = new List<string>();
        if (!string.IsNullOrEmpty(service))
        {
            query.Add("service=" + Uri.EscapeDataString(service));
        }

        query.Add("scope=" + Uri.EscapeDataString(scope));
        var separator = string.IsNullOrEmpty(realm.Query) ? "?" : "&";
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(realm + separator + string.Join('&', query)));
        if (credential?.HasBasic == true)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credential.BasicHeaderValue);
        }

        return request;
    }

    private sealed record CachedToken(string Value, DateTimeOffset ExpiresAt);
}
