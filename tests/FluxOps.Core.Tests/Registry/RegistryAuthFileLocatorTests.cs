using FluxOps.Core.Registry;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Registry;

public sealed class RegistryAuthFileLocatorTests
{
    [Fact]
    public void Orders_sources_as_container_tools_read_them()
    {
        var env = new Dictionary<string, string?>
        {
            ["REGISTRY_AUTH_FILE"] = "/explicit/auth.json",
            ["XDG_RUNTIME_DIR"] = "/run/user/1000",
            ["DOCKER_CONFIG"] = "/ci/docker",
        };

        var files = RegistryAuthFileLocator.CandidateFiles(env, "/home/me");

        Assert.Equal(
            ["/explicit/auth.json", "/run/user/1000/containers/auth.json", "/home/me/.config/containers/auth.json", "/ci/docker/config.json"],
            files);
    }

    [Fact]
    public void Reports_only_files_that_exist()
    {
        using var home = new TempDirectory();
        Directory.CreateDirectory(home.Combine(".docker"));
        File.WriteAllText(home.Combine(".docker", "config.json"), "{}");

        var files = RegistryAuthFileLocator.ExistingFiles(new Dictionary<string, string?>(), home.Path);

        Assert.Equal([home.Combine(".docker", "config.json")], files);
    }
}
