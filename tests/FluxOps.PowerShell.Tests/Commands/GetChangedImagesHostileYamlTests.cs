using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// Deep YAML in the repository under review: Get-ChangedImages -All reads every manifest, the hostile ones (100,000
/// nested '[', an alias bomb, bytes that are not UTF-8) included. In a real pwsh, because a stack overflow would end
/// the process rather than fail a test: it returns normally, names the too-deep file in an error, and still lists the
/// images of the good manifests.
/// </summary>
public sealed class GetChangedImagesHostileYamlTests : IDisposable
{
    private readonly GitWorkTree _clone = new();

    [Fact]
    public void All_reads_every_manifest_through_the_safe_reader_and_returns_normally()
    {
        _clone.Git("config", "user.name", "Ops Engineer");
        _clone.Git("config", "user.email", "ops@example.test");
        HostileYaml.Commit(_clone);
        _clone.Commit("Add web", new Dictionary<string, string> { ["apps/web.yaml"] = SampleManifests.Deployment() });

        using var pwsh = PwshProcess.Start(
            "Import-Module $env:FLUXOPS_TEST_MODULE; " +
            "Get-ChangedImages -Path $env:T_PATH -All -ErrorVariable failed -ErrorAction SilentlyContinue | ForEach-Object { 'image: ' + $_.Image + ' ' + $_.File }; " +
            "$failed | ForEach-Object { 'error: ' + $_.TargetObject }; 'returned normally'",
            new Dictionary<string, string?> { ["FLUXOPS_TEST_MODULE"] = ModuleSession.ModuleManifestPath, ["T_PATH"] = _clone.Path });

        Assert.True(pwsh.WaitForExit(TimeSpan.FromMinutes(2)), pwsh.Output);
        // Fails closed (exit 1, the hostile files named) yet returns normally: no stack overflow, the script goes on.
        Assert.True(pwsh.ExitCode == 1, pwsh.Output);
        Assert.Contains("3 changed manifest(s) could not be read", pwsh.Output, StringComparison.Ordinal);
        var lines = pwsh.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("image: ghcr.io/acme/web:1.0.0 apps/web.yaml", lines);
        Assert.Contains("error: _vendor/1-deep.yaml", lines);
        Assert.Equal("returned normally", lines[^1]);
    }

    public void Dispose() => _clone.Dispose();
}
