using System.Net.Http.Headers;

namespace FluxOps.Testing;

/// <summary>How a <see cref="RegistryServer"/> authenticates clients.</summary>
public sealed record RegistryAuth
{
    public string? BasicUser { get; init; }
    public string? BasicPassword { get; init; }

    /// <summary>Raw YAML for the registry's <c>auth:</c> section (e.g. token auth), indented two spaces.</summary>
    public string? AuthYaml { get; init; }

    public static RegistryAuth Basic(string user, string password) => new() { BasicUser = user, BasicPassword = password };
}

/// <summary>
/// A real CNCF distribution registry (Debian docker-registry) on a free loopback port, with its own
/// storage folder; stopped and deleted on dispose.
/// </summary>
public sealed class RegistryServer : IDisposable
{
    private readonly TempDirectory _directory = new("fluxops-registry");
    private readonly BackgroundProcess _process;

    /// <param name="tlsAddress">
    /// When set (e.g. "127.0.0.2"), the registry listens there over HTTPS with a self-signed certificate for that
    /// address, so clients must verify TLS (or be told not to).
    /// </param>
    /// <param name="plainAddress">Where to listen over plain HTTP when not 127.0.0.1 (e.g. "::1" for an IPv6 registry).</param>
    public RegistryServer(RegistryAuth? auth = null, string? tlsAddress = null, string? plainAddress = null)
    {
        var binary = RequiredTool.Find("docker-registry", "docker-registry");
        Auth = auth;
        Address = tlsAddress ?? plainAddress ?? "127.0.0.1";
        UsesTls = tlsAddress is not null;
        var tls = UsesTls ? WriteSelfSignedCertificate(Address) : default;
        var common = new List<string>
        {
            "version: 0.1",
            "log: {level: error}",
            $"storage: {{filesystem: {{rootdirectory: {_directory.Combine("data")}}}, delete: {{enabled: true}}}}",
        };
        if (auth?.BasicUser is not null)
        {
            var htpasswd = _directory.Combine("htpasswd");
            var line = ProcessRunner.Run(RequiredTool.Find("htpasswd", "apache2-utils"), ["-Bbn", auth.BasicUser, auth.BasicPassword ?? string.Empty])
                .EnsureSuccess("htpasswd").StandardOutput.Trim();
            File.WriteAllText(htpasswd, line + "\n");
            common.Add($"auth: {{htpasswd: {{realm: fluxops-test, path: {htpasswd}}}}}");
        }
        else if (auth?.AuthYaml is not null)
        {
            common.Add("auth:");
            common.Add(auth.AuthYaml);
        }

        var configPath = _directory.Combine("config.yml");
        // A free port can be taken by someone else before the registry binds it (parallel test runs): try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var http = UsesTls
                ? $"http: {{addr: '{Host}', tls: {{certificate: {tls.Certificate}, key: {tls.Key}}}}}"
                : $"http: {{addr: '{Host}'}}";
            File.WriteAllLines(configPath, [.. common, http]);
            _process = new BackgroundProcess(binary, ["serve", configPath], environment: ConfigOnly);
            try
            {
                Wait.ForPort(Address, Port, _process, "docker-registry");
                break;
            }
            catch (InvalidOperationException) when (attempt < 3 && _process.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                _process.Dispose();
            }
        }
    }

    /// <summary>
    /// docker-registry reads REGISTRY_* variables as configuration overrides (REGISTRY_AUTH_FILE, the podman auth-file
    /// variable, becomes an "auth: file:" section it cannot start with): the registry is configured by its file alone.
    /// </summary>
    private static Dictionary<string, string?> ConfigOnly => Environment.GetEnvironmentVariables().Keys.Cast<string>()
        .Where(k => k.StartsWith("REGISTRY_", StringComparison.Ordinal)).ToDictionary(k => k, _ => (string?)null, StringComparer.Ordinal);

    /// <summary>The IP address the registry listens on.</summary>
    public string Address { get; }

    public bool UsesTls { get; }

    public int Port { get; }

    public RegistryAuth? Auth { get; }

    /// <summary>host:port, as written in image references (an IPv6 address in brackets).</summary>
    public string Host => Address.Contains(':', StringComparison.Ordinal) ? $"[{Address}]:{Port}" : $"{Address}:{Port}";

    public Uri BaseUri => new($"{(UsesTls ? "https" : "http")}://{Host}/");

    public string Log => _process.Output;

    /// <summary>An HTTP client for the registry API with the fixture's Basic credentials, if any.</summary>
    public HttpClient CreateClient()
    {
        // The fixture's own client trusts the fixture's self-signed certificate; the code under test must not.
        var handler = new HttpClientHandler();
        if (UsesTls)
        {
            handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator;
        }

        var client = new HttpClient(handler) { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (Auth?.BasicUser is not null)
        {
            var raw = System.Text.Encoding.UTF8.GetBytes($"{Auth.BasicUser}:{Auth.BasicPassword}");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }

        return client;
    }

    private (string Certificate, string Key) WriteSelfSignedCertificate(string address)
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            $"CN={address}", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Parse(address));
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = _directory.Combine("tls.crt");
        var keyPath = _directory.Combine("tls.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, rsa.ExportRSAPrivateKeyPem() + "\n");
        return (certificatePath, keyPath);
    }

    public void Dispose()
    {
        _process.Dispose();
        _directory.Dispose();
    }
}
