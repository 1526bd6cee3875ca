using FluxOps.Core.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

public sealed class RegistryTokenAuthTests : IDisposable
{
    private const string User = "token-user";
    private const string Password = "t0ken-Pa55";
    private readonly RegistryTestKit _kit = new();
    private const string IdentityToken = "refresh-token-from-az-acr-login";
    private readonly TokenServer _tokens = new(User, Password) { RefreshToken = IdentityToken };
    private readonly RegistryServer _registry;

    public RegistryTokenAuthTests()
    {
        _registry = new RegistryServer(_tokens.RegistryAuth);
        foreach (var repository in new[] { "team/api", "team/web" })
        {
            using var pusher = new ImagePusher(_registry, _tokens.IssueToken(repository));
            pusher.PushImageAsync(repository, "v1").GetAwaiter().GetResult();
            pusher.TagAsync(repository, "v1", Enumerable.Range(0, 10).Select(i => $"t{i}")).GetAwaiter().GetResult();
        }
    }

    [Fact]
    public async Task The_bearer_flow_gets_one_token_per_repository_and_reuses_it()
    {
        using var batch = _kit.NewBatch(credential: new RegistryCredential("-Credential", User, Password));
        var refs = Enumerable.Range(0, 10).SelectMany(i => new[] { $"{_registry.Host}/team/api:t{i}", $"{_registry.Host}/team/web:t{i}" }).ToList();

        var results = await Task.WhenAll(refs.Select(r => RegistryTestKit.CheckAsync(batch, r)));
        var missing = await RegistryTestKit.CheckAsync(batch, $"{_registry.Host}/team/api:nope");

        Assert.All(results, r => Assert.Equal(ImageCheckStatus.Exists, r.Status));
        Assert.Equal(ImageCheckStatus.NotFound, missing.Status);
        Assert.Equal(2, _tokens.TokensIssued);
        // Every JWT starts with "eyJ" (base64 of '{"'): none may reach the log or a result.
        var everything = string.Join('\n', _kit.Log.Concat(results.Append(missing).Select(r => r.Error ?? string.Empty)));
        Assert.DoesNotContain("eyJ", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
        Assert.Contains(_kit.Log, l => l.Contains("/v2/team/api/manifests/t0 -> 200", StringComparison.Ordinal));
        Assert.Contains(_tokens.Requests, r => r.PathAndQuery.Contains("scope=repository%3Ateam%2Fapi%3Apull", StringComparison.Ordinal)
            && r.PathAndQuery.Contains("service=" + TokenServer.Service, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_server_that_refuses_the_password_means_unauthorized()
    {
        using var batch = _kit.NewBatch(credential: new RegistryCredential("-Credential", User, "not-the-password"));

        var result = await RegistryTestKit.CheckAsync(batch, $"{_registry.Host}/team/api:v1");

        Assert.Equal(ImageCheckStatus.Unauthorized, result.Status);
        Assert.Contains("token server", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_the_token_server_is_asked_anonymously_and_refuses()
    {
        using var batch = _kit.NewBatch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{_registry.Host}/team/api:v1");

        Assert.Equal(ImageCheckStatus.Unauthorized, result.Status);
        Assert.Contains(_tokens.Requests, r => r.Authorization is null);
    }

    [Fact]
    public async Task An_identity_token_in_config_json_is_exchanged_with_the_refresh_token_grant()
    {
        _kit.WriteFile("docker/config.json", System.Text.Json.JsonSerializer.Serialize(new
        {
            auths = new Dictionary<string, object> { [_registry.Host] = new { auth = string.Empty, identitytoken = IdentityToken } },
        }));
        _kit.Environment["DOCKER_CONFIG"] = Path.Combine(_kit.Home, "docker");
        using var batch = _kit.NewBatch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{_registry.Host}/team/web:v1");

        Assert.Equal(ImageCheckStatus.Exists, result.Status);
        var request = Assert.Single(_tokens.Requests);
        Assert.Equal("POST", request.Method);
        Assert.DoesNotContain(_kit.Log, l => l.Contains(IdentityToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cached_token_is_renewed_once_it_expires()
    {
        var clock = new ManualClock();
        var options = new RegistryClientOptions();
        using var transport = new RegistryTransport(options);
        var credential = new RegistryCredential("-Credential", User, Password);
        var checker = new ManifestChecker(transport, new RegistryAuthenticator(transport, (_, _) => credential, clock), options);
        var image = ImageNameParser.Parse($"{_registry.Host}/team/api:v1");

        var first = await checker.CheckAsync(image, CancellationToken.None);
        var cached = await checker.CheckAsync(image, CancellationToken.None);
        var tokensBeforeExpiry = _tokens.TokensIssued;
        clock.Advance(TimeSpan.FromSeconds(_tokens.ExpiresInSeconds));
        var renewed = await checker.CheckAsync(image, CancellationToken.None);

        Assert.All(new[] { first, cached, renewed }, o => Assert.Equal(ImageCheckStatus.Exists, o.Status));
        Assert.Equal(1, tokensBeforeExpiry);
        Assert.Equal(2, _tokens.TokensIssued);
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UtcNow;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }

    public void Dispose()
    {
        _registry.Dispose();
        _tokens.Dispose();
        _kit.Dispose();
    }
}
