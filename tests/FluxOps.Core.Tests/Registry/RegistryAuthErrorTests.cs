using FluxOps.Core.Registry;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Registry;

/// <summary>
/// A real docker-registry with Basic auth: "give credentials" only when none were found, "refused the credentials from
/// X" when some were sent, and a repository that does not exist is NotFound once the credentials are right.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RegistryAuthErrorTests(BasicAuthRegistry fixture) : IClassFixture<BasicAuthRegistry>, IDisposable
{
    private readonly RegistryTestKit _kit = new();

    [Fact]
    public async Task Without_credentials_the_error_says_none_were_found_and_how_to_give_them()
    {
        using var batch = _kit.NewBatch();

        var result = await RegistryTestKit.CheckAsync(batch, $"{fixture.Registry.Host}/private/app:v1");

        Assert.Equal(ImageCheckStatus.Unauthorized, result.Status);
        Assert.Contains("needs credentials to read private/app", result.Error, StringComparison.Ordinal);
        Assert.Contains("none were found: give -Credential, -AuthFile or docker/podman login", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("refused the credentials", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_names_where_the_refused_credentials_came_from_and_never_asks_for_credentials()
    {
        using var batch = _kit.NewBatch(credential: new RegistryCredential("-Credential", BasicAuthRegistry.User, "wrong-password-77"));

        var result = await RegistryTestKit.CheckAsync(batch, $"{fixture.Registry.Host}/private/app:v1");

        Assert.Equal(ImageCheckStatus.Unauthorized, result.Status);
        Assert.Contains("refused the credentials from -Credential for private/app (HTTP 401)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("give -Credential", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-77", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_right_credentials_a_repository_that_does_not_exist_is_not_found()
    {
        using var batch = _kit.NewBatch(credential: new RegistryCredential("-Credential", BasicAuthRegistry.User, BasicAuthRegistry.Password));

        var result = await RegistryTestKit.CheckAsync(batch, $"{fixture.Registry.Host}/private/no-such-app:v1");

        Assert.Equal(ImageCheckStatus.NotFound, result.Status);
        Assert.Contains("no-such-app:v1 not found", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("credential", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => _kit.Dispose();
}
