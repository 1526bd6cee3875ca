using FluxOps.Core.Diagnostics;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Diagnostics;

public sealed class EnvironmentProbeTests
{
    [Fact]
    public void Loads_libgit2_and_yamldotnet_and_reports_their_versions()
    {
        var info = EnvironmentProbe.Collect(new Dictionary<string, string?>(), "/nonexistent-home");

        Assert.StartsWith("libgit2 ", info.LibGit2Version, StringComparison.Ordinal);
        Assert.Contains("Https", info.LibGit2Features);
        Assert.StartsWith("16.", info.YamlDotNetVersion, StringComparison.Ordinal);
        Assert.Empty(info.RegistryAuthFiles);
    }

    [Fact]
    public void Finds_git_on_the_given_path_only()
    {
        using var bin = new TempDirectory();
        var fake = bin.Combine("git");
        File.WriteAllText(fake, "#!/bin/sh\n");

        Assert.Equal(fake, EnvironmentProbe.FindOnPath("git", new Dictionary<string, string?> { ["PATH"] = bin.Path }));
        Assert.Null(EnvironmentProbe.FindOnPath("git", new Dictionary<string, string?> { ["PATH"] = "/nonexistent" }));
    }
}
