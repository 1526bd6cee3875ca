using System.Text;
using System.Text.Json;
using FluxOps.Core.Registry;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

/// <summary>A real docker-registry with htpasswd (Basic) auth and one pushed image.</summary>
public sealed class BasicAuthRegistry : IDisposable
{
    public const string User = "flux-reader";
    public const string Password = "s3cret-Pa55word";

    public BasicAuthRegistry()
    {
        Registry = new RegistryServer(RegistryAuth.Basic(User, Password));
        using var pusher = new ImagePusher(Registry);
        Digest = pusher.PushImageAsync("private/app", "v1").GetAwaiter().GetResult();
    }

    public RegistryServer Registry { get; }

    public string Digest { get; }

    public void Dispose() => Registry.Dispose();
}

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RegistryBasicAuthTests(BasicAuthRegistry fixture) : IClassFixture<BasicAuthRegistry>, IDisposable
{
    private readonly RegistryTestKit _kit = new();
    private string Image => $"{fixture.Registry.Host}/private/app:v1";

    private static string AuthsJson(string key, string user, string password) => JsonSerializer.Serialize(new
    {
        auths = new Dictionary<string, object> { [key] = new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")) } },
    });

    private static string HelpersJson(string key, string helper) =>
        JsonSerializer.Serialize(new { credHelpers = new Dictionary<string, string> { [key] = helper } });

    [Fact]
    public async Task Without_credentials_the_answer_is_unauthorized_not_missing()
    {
        using var batch = _kit.NewBatch();

        var result = await RegistryTestKit.CheckAsync(batch, Image);

        Assert.Equal(ImageCheckStatus.Unauthorized, result.Status);
        Assert.Contains("-Credential", result.Error, StringComparison.Ordinal);
        Assert.Contains(_kit.Log, l => l.Contains("none found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_explicit_credential_is_used()
    {
        using var batch = _kit.NewBatch(credential: new RegistryCredential("-Credential", BasicAuthRegistry.User, BasicAuthRegistry.Password));

        var result = await RegistryTestKit.CheckAsync(batch, Image);

        Assert.Equal((ImageCheckStatus.Exists, fixture.Digest), (result.Status, result.Digest));
        Assert.Contains(_kit.Log, l => l.Contains("-Credential", StringComparison.Ordinal) && l.Contains(BasicAuthRegistry.User, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_password_is_unauthorized()
    {
        using var batch = _kit.NewBatch(credential: new RegistryCredential("-Credential", BasicAuthRegistry.User, "wrong-password"));

        var result = await RegistryTestKit.CheckAsync(batch, Image);

        Assert.Equal(ImageCheckStatus.Unauthorized, result.Status);
        Assert.DoesNotContain("wrong-password", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docker_config_json_auths_are_read_from_DOCKER_CONFIG()
    {
        _kit.WriteFile("docker/config.json", AuthsJson("http://" + fixture.Registry.Host, BasicAuthRegistry.User, BasicAuthRegistry.Password));
        _kit.Environment["DOCKER_CONFIG"] = Path.Combine(_kit.Home, "docker");
        using var batch = _kit.NewBatch();

        var result = await RegistryTestKit.CheckAsync(batch, Image);

        Assert.Equal(ImageCheckStatus.Exists, result.Status);
        Assert.Contains(_kit.Log, l => l.Contains("config.json", StringComparison.Ordinal) && l.Contains("auths", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_explicit_auth_file_comes_before_the_docker_config()
    {
        _kit.WriteFile("docker/config.json", AuthsJson("" + fixture.Registry.Host, BasicAuthRegistry.User, "stale"));
        _kit.Environment["DOCKER_CONFIG"] = Path.Combine(_kit.Home, "docker");
        var authFile = _kit.WriteFile("ci-auth.json", AuthsJson("" + fixture.Registry.Host, BasicAuthRegistry.User, BasicAuthRegistry.Password));
        using var batch = _kit.NewBatch(authFile: authFile);

        Assert.Equal(ImageCheckStatus.Exists, (await RegistryTestKit.CheckAsync(batch, Image)).Status);
        Assert.Contains(_kit.Log, l => l.Contains("ci-auth.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task REGISTRY_AUTH_FILE_comes_before_the_docker_config_and_DOCKER_AUTH_CONFIG_is_the_last_resort()
    {
        var podman = _kit.WriteFile("podman-auth.json", AuthsJson("" + fixture.Registry.Host, BasicAuthRegistry.User, BasicAuthRegistry.Password));
        _kit.WriteFile("docker/config.json", AuthsJson("" + fixture.Registry.Host, BasicAuthRegistry.User, "stale"));
        _kit.Environment["REGISTRY_AUTH_FILE"] = podman;
        _kit.Environment["DOCKER_CONFIG"] = Path.Combine(_kit.Home, "docker");
        using (var batch = _kit.NewBatch())
        {
            Assert.Equal(ImageCheckStatus.Exists, (await RegistryTestKit.CheckAsync(batch, Image)).Status);
        }

        _kit.Environment.Clear();
        _kit.Environment["DOCKER_AUTH_CONFIG"] = AuthsJson("" + fixture.Registry.Host, BasicAuthRegistry.User, BasicAuthRegistry.Password);
        using (var batch = _kit.NewBatch())
        {
            Assert.Equal(ImageCheckStatus.Exists, (await RegistryTestKit.CheckAsync(batch, Image)).Status);
        }

        Assert.Contains(_kit.Log, l => l.Contains("podman-auth.json", StringComparison.Ordinal));
        Assert.Contains(_kit.Log, l => l.Contains("DOCKER_AUTH_CONFIG", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("credHelpers")]
    [InlineData("credsStore")]
    public async Task A_real_credential_helper_on_PATH_is_run_through_the_docker_protocol(string configuredAs)
    {
        using var bin = new TempDirectory("fluxops-helper");
        var calls = bin.Combine("calls.log");
        var helperName = "fluxtest" + Guid.NewGuid().ToString("N")[..6];
        var script = bin.Combine("docker-credential-" + helperName);
        File.WriteAllText(script, $$"""
            #!/bin/sh
            [ "$1" = get ] || exit 3
            read -r server
            echo "$server" >> '{{calls}}'
            if [ "$server" = '{{fixture.Registry.Host}}' ]; then
              printf '{"ServerURL":"%s","Username":"{{BasicAuthRegistry.User}}","Secret":"{{BasicAuthRegistry.Password}}"}' "$server"
            else
              echo 'credentials not found in native keychain'; exit 1
            fi
            """.Replace("\r", string.Empty, StringComparison.Ordinal));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _kit.WriteFile("docker/config.json", configuredAs == "credsStore"
            ? JsonSerializer.Serialize(new { credsStore = helperName })
            : HelpersJson(fixture.Registry.Host, helperName));
        _kit.Environment["DOCKER_CONFIG"] = Path.Combine(_kit.Home, "docker");
        var path = Environment.GetEnvironmentVariable("PATH");
        Environment.SetEnvironmentVariable("PATH", bin.Path + ":" + path);
        try
        {
            using var batch = _kit.NewBatch();
            var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => RegistryTestKit.CheckAsync(batch, Image)));

            Assert.All(results, r => Assert.Equal(ImageCheckStatus.Exists, r.Status));
            Assert.Equal([fixture.Registry.Host], File.ReadAllLines(calls));
            Assert.Contains(_kit.Log, l => l.Contains("docker-credential-" + helperName, StringComparison.Ordinal) && l.Contains(configuredAs, StringComparison.Ordinal));
            Assert.DoesNotContain(_kit.Log, l => l.Contains(BasicAuthRegistry.Password, StringComparison.Ordinal));
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
        }
    }

    [Fact]
    public async Task A_broken_DOCKER_AUTH_CONFIG_is_unknown_and_its_content_is_not_echoed()
    {
        _kit.Environment["DOCKER_AUTH_CONFIG"] = "hunter2-not-json";
        using var batch = _kit.NewBatch();

        var result = await RegistryTestKit.CheckAsync(batch, Image);

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("DOCKER_AUTH_CONFIG is not valid JSON", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_helper_that_is_not_installed_makes_the_answer_unknown_not_unauthorized()
    {
        _kit.WriteFile("docker/config.json", HelpersJson(fixture.Registry.Host, "fluxops-no-such-helper"));
        _kit.Environment["DOCKER_CONFIG"] = Path.Combine(_kit.Home, "docker");
        using var batch = _kit.NewBatch();

        var result = await RegistryTestKit.CheckAsync(batch, Image);

        Assert.Equal(ImageCheckStatus.Unknown, result.Status);
        Assert.Contains("docker-credential-fluxops-no-such-helper", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _kit.Dispose();
}
