using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace FluxOps.Testing;

/// <summary>
/// A Docker registry token server (the Bearer flow of distribution's <c>auth: token</c>): checks Basic credentials
/// when it has some, and signs RS256 JWTs with a self-signed certificate the registry trusts through
/// <c>rootcertbundle</c> (the chain travels in the header's x5c). Counts the tokens it issues.
/// </summary>
public sealed class TokenServer : IDisposable
{
    public const string Service = "fluxops-test-registry";
    public const string Issuer = "fluxops-test-issuer";
    private readonly RSA _key = RSA.Create(2048);
    private readonly X509Certificate2 _certificate;
    private readonly LoopbackHttpServer _server;
    private readonly TempDirectory _directory = new("fluxops-token");
    private int _issued;

    /// <param name="user">When set, tokens need Basic credentials user/password; otherwise anyone gets a pull token.</param>
    public TokenServer(string? user = null, string? password = null, int expiresInSeconds = 300)
    {
        User = user;
        Password = password;
        ExpiresInSeconds = expiresInSeconds;
        var request = new CertificateRequest("CN=fluxops test token issuer", _key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyCertSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(CertificatePath, _certificate.ExportCertificatePem() + "\n");
        _server = new LoopbackHttpServer(HandleAsync);
    }

    public string? User { get; }

    public string? Password { get; }

    /// <summary>When set, a POST with grant_type=refresh_token and this refresh_token also gets a token (docker's identitytoken, ACR).</summary>
    public string? RefreshToken { get; init; }

    public int ExpiresInSeconds { get; }

    public string CertificatePath => _directory.Combine("token-cert.pem");

    public string Realm => $"http://127.0.0.1:{_server.Port}/token";

    /// <summary>Tokens issued so far.</summary>
    public int TokensIssued => Volatile.Read(ref _issued);

    /// <summary>Every token request, with its Authorization header.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _server.Requests;

    /// <summary>The <c>auth:</c> section for <see cref="RegistryServer"/>.</summary>
    public RegistryAuth RegistryAuth => new()
    {
        AuthYaml = $"  token: {{realm: \"{Realm}\", service: {Service}, issuer: {Issuer}, rootcertbundle: {CertificatePath}}}",
    };

    /// <summary>A token for push and pull, for seeding the registry with images.</summary>
    public string IssueToken(string repository, params string[] actions) => CreateJwt(repository, actions.Length == 0 ? ["pull", "push"] : actions);

    public void Dispose()
    {
        _server.Dispose();
        _certificate.Dispose();
        _key.Dispose();
        _directory.Dispose();
    }

    private async Task HandleAsync(HttpListenerContext context, CancellationToken cancellation)
    {
        var scope = context.Request.QueryString["scope"] ?? string.Empty;
        var allowed = User is null || Authorized(context.Request.Headers["Authorization"]);
        if (context.Request.HttpMethod == "POST")
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var form = System.Web.HttpUtility.ParseQueryString(await reader.ReadToEndAsync(cancellation).ConfigureAwait(false));
            scope = form["scope"] ?? string.Empty;
            allowed = RefreshToken is not null && form["grant_type"] == "refresh_token" && form["refresh_token"] == RefreshToken
                && form["service"] == Service;
        }

        if (!allowed)
        {
            await LoopbackHttpServer.RespondAsync(context, 401, new Dictionary<string, string> { ["Content-Type"] = "application/json" },
                Encoding.UTF8.GetBytes("{\"details\":\"invalid credentials\"}")).ConfigureAwait(false);
            return;
        }

        var parts = scope.Split(':');
        var repository = parts.Length == 3 && parts[0] == "repository" ? parts[1] : string.Empty;
        var token = CreateJwt(repository, ["pull"]);
        Interlocked.Increment(ref _issued);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["token"] = token,
            ["access_token"] = token,
            ["expires_in"] = ExpiresInSeconds,
            ["issued_at"] = DateTimeOffset.UtcNow.ToString("o"),
        });
        await LoopbackHttpServer.RespondAsync(context, 200, new Dictionary<string, string> { ["Content-Type"] = "application/json" }, body).ConfigureAwait(false);
    }

    private bool Authorized(string? header)
    {
        if (header is null || !header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
        return decoded == $"{User}:{Password}";
    }

    private string CreateJwt(string repository, string[] actions)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object>
        {
            ["typ"] = "JWT",
            ["alg"] = "RS256",
            ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) },
        };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = User ?? "anonymous",
            ["aud"] = Service,
            ["exp"] = now + ExpiresInSeconds,
            ["nbf"] = now - 60,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = new[] { new Dictionary<string, object> { ["type"] = "repository", ["name"] = repository, ["actions"] = actions } },
        };
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
