using FluxOps.Core.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

public sealed class RegistryTokenAuthTests : IDisposable
{
    private const string User = "token-user";
    private const string Password = "t0ken-Pa55";
    private readonly RegistryTestKit _kit = new();
    private readonly TokenServer _tokens = new(User, Password);
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

    public void Dispose()
    {
        _registry.Dispose();
        _tokens.Dispose();
        _kit.Dispose();
    }
}
