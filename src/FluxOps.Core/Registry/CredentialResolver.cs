using System.Collections.Concurrent;
using FluxOps.Core.Http;

namespace FluxOps.Core.Registry;

/// <summary>
/// Finds credentials for a registry in the order users expect: an explicit credential; an explicit auth file;
/// REGISTRY_AUTH_FILE and containers auth.json; DOCKER_CONFIG or ~/.docker/config.json (auths, identitytoken,
/// credHelpers, credsStore); DOCKER_AUTH_CONFIG (CI). Each registry is resolved once per run.
/// </summary>
internal sealed class CredentialResolver
{
    private readonly RegistryCredential? _explicit;
    private readonly IReadOnlyList<Lazy<DockerConfigFile?>> _files;
    private readonly ConcurrentDictionary<string, Lazy<RegistryCredential?>> _resolved = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<RegistryCredential?>> _helperAnswers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _reported = new(StringComparer.Ordinal);
    private readonly Action<string> _log;

    public CredentialResolver(RegistryCredential? explicitCredential, string? authFile, IReadOnlyDictionary<string, string?> environment,
        string home, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _explicit = explicitCredential;
        _log = log ?? (_ => { });
        var files = new List<Lazy<DockerConfigFile?>>();
        if (!string.IsNullOrEmpty(authFile))
        {
            // An auth file the user names must exist: a typo should not silently mean "anonymous".
            if (!File.Exists(authFile))
            {
                throw new FileNotFoundException($"The auth file '{authFile}' does not exist.", authFile);
            }

            files.Add(new Lazy<DockerConfigFile?>(() => Load(authFile)));
        }

        foreach (var path in RegistryAuthFileLocator.CandidateFiles(environment, home).Distinct(StringComparer.Ordinal))
        {
            files.Add(new Lazy<DockerConfigFile?>(() => File.Exists(path) ? Load(path) : null));
        }

        if (environment.TryGetValue("DOCKER_AUTH_CONFIG", out var inline) && !string.IsNullOrWhiteSpace(inline))
        {
            files.Add(new Lazy<DockerConfigFile?>(() => ParseInline(inline)));
        }

        _files = files;
    }

    /// <summary>Credentials for the registry (and repository, for path-scoped auth.json keys), or null for anonymous.</summary>
    public RegistryCredential? Resolve(string registry, string repository) =>
        _resolved.GetOrAdd(registry + "/" + repository, _ => new Lazy<RegistryCredential?>(() => Find(registry, repository))).Value;

    /// <summary>
    /// Replaces any secret this run has seen with "***". Belt and braces: messages are built without secrets, but a
    /// server may echo what it was sent.
    /// </summary>
    public string? Redact(string? text) => string.IsNullOrEmpty(text) ? text
        : HttpRedaction.Text(text, [.. _resolved.Values.Concat(_helperAnswers.Values).Where(l => l.IsValueCreated).Select(l => l.Value).OfType<RegistryCredential>()
            .Concat(_explicit is null ? [] : [_explicit]).SelectMany(c => c.Secrets()).Where(s => s.Length >= 4)]);

    private RegistryCredential? Find(string registry, string repository)
    {
        if (_explicit is not null)
        {
            Report(registry, $"{_explicit.Source} (user '{_explicit.Username}')");
            return _explicit;
        }

        foreach (var lazy in _files)
        {
            if (lazy.Value is not { } file)
            {
                continue;
            }

            var credential = FromFile(file, registry, repository);
            if (credential is not null)
            {
                Report(registry, credential.Source + (credential.Username is null ? string.Empty : $" (user '{credential.Username}')"));
                return credential;
            }
        }

        Report(registry, "none found; asking anonymously");
        return null;
    }

    /// <summary>Says once per registry (and again only if it changes) where its credentials came from; never the secret.</summary>
    private void Report(string registry, string source)
    {
        if (_reported.TryGetValue(registry, out var previous) && previous == source)
        {
            return;
        }

        _reported[registry] = source;
        _log($"Credentials for {registry}: {source}.");
    }

    /// <summary>A helper is asked once per registry and run, however many repositories it serves.</summary>
    private RegistryCredential? AskHelper(string helper, string registry, string origin) =>
        _helperAnswers.GetOrAdd(helper + "|" + registry, _ => new Lazy<RegistryCredential?>(() => CredentialHelper.Get(helper, ServerUrl(registry), origin))).Value;

    private RegistryCredential? FromFile(DockerConfigFile file, string registry, string repository)
    {
        if (file.HelperFor(registry) is { } helper)
        {
            return AskHelper(helper, registry, $"credHelpers in {file.Origin}");
        }

        if (file.InlineCredentialFor(registry, repository) is { } inline)
        {
            return inline;
        }

        return file.CredsStore is { } store ? AskHelper(store, registry, $"credsStore in {file.Origin}") : null;
    }

    /// <summary>What docker passes to helpers: the host, except Docker Hub's historical index URL.</summary>
    private static string ServerUrl(string registry) => registry == ImageName.DockerHub ? "https://index.docker.io/v1/" : registry;

    private static DockerConfigFile ParseInline(string json)
    {
        try
        {
            return DockerConfigFile.Parse(json, "DOCKER_AUTH_CONFIG");
        }
        catch (System.Text.Json.JsonException ex)
        {
            // Position only: the parser's own message may quote the secret it choked on.
            throw new FormatException($"DOCKER_AUTH_CONFIG is not valid JSON (position {ex.BytePositionInLine}).");
        }
    }

    private static DockerConfigFile Load(string path)
    {
        try
        {
            return DockerConfigFile.Parse(File.ReadAllText(path), path);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new FormatException($"The registry auth file '{path}' is not valid JSON (line {ex.LineNumber + 1})."); // no inner exception: its message may quote the file
        }
    }
}
