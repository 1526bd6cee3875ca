using System.Text;
using System.Text.Json;

namespace FluxOps.Core.Registry;

/// <summary>
/// One docker config.json or containers auth.json: inline <c>auths</c> (base64 user:pass, identitytoken),
/// per-registry <c>credHelpers</c> and the default <c>credsStore</c>.
/// </summary>
internal sealed class DockerConfigFile
{
    private readonly Dictionary<string, JsonElement> _auths = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _helpers = new(StringComparer.OrdinalIgnoreCase);

    private DockerConfigFile(string origin) => Origin = origin;

    /// <summary>A path, or a name such as "DOCKER_AUTH_CONFIG" for JSON that came from the environment.</summary>
    public string Origin { get; }

    public string? CredsStore { get; private set; }

    public static DockerConfigFile Parse(string json, string origin)
    {
        var file = new DockerConfigFile(origin);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{origin} is not a JSON object.");
        }

        if (root.TryGetProperty("auths", out var auths) && auths.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in auths.EnumerateObject())
            {
                file._auths[NormalizeKey(entry.Name)] = entry.Value.Clone();
            }
        }

        if (root.TryGetProperty("credHelpers", out var helpers) && helpers.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in helpers.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String))
            {
                file._helpers[NormalizeKey(entry.Name)] = entry.Value.GetString()!;
            }
        }

        if (root.TryGetProperty("credsStore", out var store) && store.ValueKind == JsonValueKind.String && store.GetString() is { Length: > 0 } name)
        {
            file.CredsStore = name;
        }

        return file;
    }

    /// <summary>The credential helper configured for this registry, if any.</summary>
    public string? HelperFor(string registry) => _helpers.TryGetValue(registry, out var helper) ? helper
        : registry == ImageName.DockerHub && _helpers.TryGetValue("index.docker.io", out helper) ? helper : null;

    /// <summary>
    /// Inline credentials for registry/repository: the most specific key wins (containers auth.json allows
    /// "quay.io/org" keys), falling back to the bare registry.
    /// </summary>
    public RegistryCredential? InlineCredentialFor(string registry, string repository)
    {
        var path = registry + "/" + repository;
        foreach (var key in Candidates(path, registry))
        {
            if (_auths.TryGetValue(key, out var entry) && Decode(entry, key) is { } credential)
            {
                return credential;
            }
        }

        return null;
    }

    /// <summary>"https://index.docker.io/v1/" -> "docker.io"; "http://host:5000/v2/" -> "host:5000".</summary>
    internal static string NormalizeKey(string key)
    {
        var text = key.Trim();
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            text = text[(scheme + 3)..];
        }

        text = text.TrimEnd('/');
        foreach (var suffix in new[] { "/v1", "/v2" })
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length];
            }
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? text : text[..slash];
        var rest = slash < 0 ? string.Empty : text[slash..];
        if (host is "index.docker.io" or "registry-1.docker.io" or "registry.hub.docker.com")
        {
            host = ImageName.DockerHub;
        }

        return host + rest;
    }

    private static IEnumerable<string> Candidates(string path, string registry)
    {
        var current = path;
        while (current.Length > registry.Length)
        {
            yield return current;
            var slash = current.LastIndexOf('/');
            current = current[..slash];
        }

        yield return registry;
    }

    private RegistryCredential? Decode(JsonElement entry, string key)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var source = $"auths['{key}'] in {Origin}";
        string? user = null;
        string? password = null;
        if (entry.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.String && auth.GetString() is { Length: > 0 } encoded)
        {
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            }
            catch (FormatException)
            {
                // Say where, never what: the value is a secret.
                throw new FormatException($"The 'auth' value of {source} is not valid base64.");
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw new FormatException($"The 'auth' value of {source} does not decode to user:password.");
            }

            user = decoded[..colon];
            password = decoded[(colon + 1)..];
        }
        else if (entry.TryGetProperty("username", out var u) && entry.TryGetProperty("password", out var p))
        {
            user = u.GetString();
            password = p.GetString();
        }

        var identity = entry.TryGetProperty("identitytoken", out var token) && token.ValueKind == JsonValueKind.String
            ? token.GetString() : null;
        if (string.IsNullOrEmpty(identity) && (string.IsNullOrEmpty(user) || password is null))
        {
            return null;
        }

        return new RegistryCredential(source, user, password, string.IsNullOrEmpty(identity) ? null : identity);
    }
}
