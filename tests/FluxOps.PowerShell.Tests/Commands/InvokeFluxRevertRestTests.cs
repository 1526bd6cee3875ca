using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>Invoke-FluxRevert -Provider/-HostedRepository (no native git) against the fake hosting APIs over a real bare repository.</summary>
public sealed class InvokeFluxRevertRestTests : IDisposable
{
    private const string Token = "revert-rest-token-1a2b3c4d";
    private readonly ModuleSession _session = new();
    private readonly FluxRepoScenario _scenario = new();
    private readonly FakeGitHostServer _host;

    public InvokeFluxRevertRestTests()
    {
        FluxFleet.Seed(_scenario);
        _host = new FakeGitHostServer(_scenario.BarePath, Token);
    }

    private SessionResult Run(string script, string sha) => _session.Run(
        "$cred = [pscredential]::new('token', (ConvertTo-SecureString $token -AsPlainText -Force)); " + script,
        new Dictionary<string, object?> { ["token"] = Token, ["github"] = _host.GitHubApiUrl, ["sha"] = sha });

    [Fact]
    public void Reverts_through_the_GitHub_API_and_a_second_run_is_skipped_as_already_reverted()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        const string Revert = "Invoke-FluxRevert -Sha $sha -Provider GitHub -ApiUrl $github -HostedRepository acme/fleet -Credential $cred -Reason 'crashloop' -Confirm:$false -Verbose";

        var first = Run(Revert, bad[..8]);
        var second = Run(Revert, bad[..8]);

        Assert.Empty(first.Errors);
        var result = Assert.Single(first.Output);
        Assert.Equal(true, result.Properties["Pushed"].Value);
        Assert.Equal(_scenario.RemoteHead, result.Properties["RevertSha"].Value);
        Assert.Contains("Fluxops-Reason: crashloop", _scenario.RemoteMessage("main"), StringComparison.Ordinal);
        Assert.Contains("web:1.0.0", _scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal);
        Assert.Equal(true, Assert.Single(second.Output).Properties["Skipped"].Value);
        Assert.DoesNotContain(Token, first.AllText + second.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_writes_nothing_and_git_only_switches_are_refused_in_REST_mode()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var refs = _scenario.RemoteRefs;

        var whatIf = Run("Invoke-FluxRevert -Sha $sha -Provider GitHub -ApiUrl $github -HostedRepository acme/fleet -Credential $cred -WhatIf", bad);
        var squash = Run("Invoke-FluxRevert -Sha $sha -Provider GitHub -ApiUrl $github -HostedRepository acme/fleet -Credential $cred -Squash -Confirm:$false", bad);

        Assert.Empty(whatIf.Output);
        Assert.Empty(whatIf.Errors);
        Assert.Contains("AmbiguousParameterSet", squash.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).Append(squash.Terminating?.GetType().Name ?? string.Empty).Append((squash.Terminating as System.Management.Automation.IContainsErrorRecord)?.ErrorRecord.FullyQualifiedErrorId.Split(',')[0] ?? string.Empty));
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(0, _host.Writes);
    }

    public void Dispose()
    {
        _host.Dispose();
        _scenario.Dispose();
        _session.Dispose();
    }
}
