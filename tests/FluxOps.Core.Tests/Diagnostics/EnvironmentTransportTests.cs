using FluxOps.Core.Diagnostics;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Diagnostics;

/// <summary>libgit2 lists an Ssh feature; the report says what FluxOps really uses for SSH and HTTPS remotes.</summary>
public sealed class EnvironmentTransportTests
{
    [Fact]
    public void SSH_goes_through_the_system_git_whatever_libgit2_lists()
    {
        using var bin = new TempDirectory();
        var git = bin.Combine("git");
        File.WriteAllText(git, "#!/bin/sh\n");

        var withGit = EnvironmentProbe.Collect(new Dictionary<string, string?> { ["PATH"] = bin.Path }, "/nonexistent-home");
        var forced = EnvironmentProbe.Collect(new Dictionary<string, string?> { ["PATH"] = bin.Path, ["FLUXOPS_GIT_TRANSPORT"] = "libgit2" }, "/nonexistent-home");
        var without = EnvironmentProbe.Collect(new Dictionary<string, string?> { ["PATH"] = "/nonexistent" }, "/nonexistent-home");

        Assert.Contains("Ssh", withGit.LibGit2Features);
        Assert.Equal($"system git ({git})", withGit.SshRemotes);
        Assert.Equal($"system git ({git})", withGit.HttpsRemotes);
        Assert.Equal($"system git ({git})", forced.SshRemotes);
        Assert.Equal("libgit2 (bundled)", forced.HttpsRemotes);
        Assert.StartsWith("not available", without.SshRemotes, StringComparison.Ordinal);
        Assert.Equal("libgit2 (bundled)", without.HttpsRemotes);
    }
}
