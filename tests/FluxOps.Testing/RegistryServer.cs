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

    public RegistryServer(RegistryAuth? auth = null)
    {
        var binary = RequiredTool.Find("docker-registry", "docker-registry");
        Port = FreePort.Next();
        Auth = auth;
        var config = new List<string>
        {
            "version: 0.1",
            "log: {level: error}",
            $"storage: {{filesystem: {{rootdirectory: {_directory.Combine("data")}}}, delete: {{enabled: true}}}}",
            $"http: {{addr: 127.0.0.1:{Port}}}",
        };
        if (auth?.BasicUser is not null)
        {
            var htpasswd = _directory.Combine("htpasswd");
            var line = ProcessRunner.Run(RequiredTool.Find("htpasswd", "apache2-utils"), ["-Bbn", auth.BasicUser, auth.BasicPassword ?? string.Empty])
                .EnsureSuccess("htpasswd").StandardOutput.Trim();
            File.WriteAllText(htpasswd, line + "\n");
            config.Add($"auth: {{htpasswd: {{realm: fluxops-test, path: {htpasswd}}}}}");
        }
        else if (auth?.AuthYaml is not null)
        {
            config.Add("auth:");
            config.Add(auth.AuthYaml);
        }

        var configPath = _directory.Combine("config.yml");
        File.WriteAllLines(configPath, config);
        _process = new BackgroundProcess(binary, ["serve", configPath]);
        Wait.ForPort(Port, _process, "docker-registry");
    }

    public int Port { get; }

    public RegistryAuth? Auth { get; }

    /// <summary>host:port, as written in image references.</summary>
    public string Host => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public string Log => _process.Output;

    /// <summary>An HTTP client for the registry API with the fixture's Basic credentials, if any.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (Auth?.BasicUser is not null)
        {
            var raw = System.Text.Encoding.UTF8.GetBytes($"{Auth.BasicUser}:{Auth.BasicPassword}");
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }

        return client;
    }

    public void Dispose()
    {
        _process.Dispose();
        _directory.Dispose();
    }
}
