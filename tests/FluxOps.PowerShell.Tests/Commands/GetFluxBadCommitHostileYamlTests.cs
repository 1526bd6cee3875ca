using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// Get-FluxBadCommit -ImageAutomation reads every ImageUpdateAutomation manifest in the repository. Run in a real pwsh
/// (a stack overflow there ends the process, not this test host) on a repository holding hostile YAML next to the
/// fleet's automation manifest: it returns normally and still recognises the automation's commits.
/// </summary>
public sealed class GetFluxBadCommitHostileYamlTests : IDisposable
{
    private readonly GitWorkTree _clone = new();

    [Fact]
    public void ImageAutomation_returns_normally_and_matches_by_the_good_manifest()
    {
        _clone.Git("config", "user.name", "Ops Engineer");
        _clone.Git("config", "user.email", "ops@example.test");
        HostileYaml.Commit(_clone);
        _clone.Commit("Add automation", new Dictionary<string, string>
        {
            ["clusters/prod/automation.yaml"] = """
                apiVersion: image.toolkit.fluxcd.io/v1
                kind: ImageUpdateAutomation
                metadata: {name: fleet, namespace: flux-system}
                spec:
                  git:
                    commit:
                      author: {name: bumper, email: bumper@acme.test}
                      messageTemplate: 'chore(images): {{range .Changed.Changes}}{{.NewValue}} {{end}}'
                """,
        });
        _clone.Git("commit", "-q", "--allow-empty", "--author=bumper <bumper@acme.test>", "-m", "custom bump");
        _clone.Git("commit", "-q", "--allow-empty", "-m", "chore(images): ghcr.io/acme/web:1.5.0");

        using var pwsh = PwshProcess.Start(
            "$ErrorActionPreference = 'Stop'; Import-Module $env:FLUXOPS_TEST_MODULE; " +
            "Get-FluxBadCommit -Path $env:T_PATH -ImageAutomation | ForEach-Object { 'found: ' + $_.Subject + ' | ' + $_.Reason }; 'returned normally'",
            new Dictionary<string, string?> { ["FLUXOPS_TEST_MODULE"] = ModuleSession.ModuleManifestPath, ["T_PATH"] = _clone.Path });

        Assert.True(pwsh.WaitForExit(TimeSpan.FromMinutes(2)), pwsh.Output);
        Assert.True(pwsh.ExitCode == 0, pwsh.Output);
        var lines = pwsh.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "found: chore(images): ghcr.io/acme/web:1.5.0 | image automation (messageTemplate)",
            "found: custom bump | image automation (author bumper@acme.test)",
            "returned normally",
        ], lines);
    }

    public void Dispose() => _clone.Dispose();
}
