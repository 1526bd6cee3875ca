using FluxOps.PowerShell.Tests.Receiver;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// Invoke-FluxRollback in REST mode (-Provider/-HostedRepository/-ApiUrl, no native git): against the fake hosting APIs that
/// store everything in a real bare repository.
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class InvokeFluxRollbackRestTests : IDisposable
{
    private const string Key = "rest-rollback-key";
    private const string Token = "rest-cmdlet-token-8a7b6c5d";
    private readonly ModuleSession _session = new();
    private readonly FluxRepoScenario _scenario = new();
    private readonly FakeGitHostServer _host;

    public InvokeFluxRollbackRestTests()
    {
        FluxFleet.Seed(_scenario);
        _host = new FakeGitHostServer(_scenario.BarePath, Token);
    }

    private SessionResult Run(string pipeline, string body) => _session.Run(
        "$cred = [pscredential]::new('token', (ConvertTo-SecureString $token -AsPlainText -Force)); " +
        "$secret = ConvertTo-SecureString $key -AsPlainText -Force; $e = ConvertFrom-FluxEvent -Body $body -Signature $sig -Secret $secret; " + pipeline,
        new Dictionary<string, object?>
        {
            ["token"] = Token,
            ["key"] = Key,
            ["github"] = _host.GitHubApiUrl,
            ["gitlab"] = _host.GitLabApiUrl,
            ["azdo"] = _host.AzureDevOpsApiUrl,
            ["body"] = body,
            ["sig"] = FluxEventFactory.Sign(body, Key),
        });

    [Fact]
    public void GitHub_REST_mode_reverts_once_and_the_next_run_reads_AlreadyReverted_from_the_API_without_showing_the_token()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var body = FluxEventFactory.Kustomization(bad);
        const string Rollback = "$e | Invoke-FluxRollback -Provider GitHub -ApiUrl $github -HostedRepository acme/fleet -Credential $cred -Cooldown 0 -Confirm:$false -Verbose";

        var first = Run(Rollback, body);
        var second = Run(Rollback, body);

        Assert.Empty(first.Errors);
        Assert.Equal("Reverted", Assert.Single(first.Output).Properties["Outcome"].Value?.ToString());
        Assert.Equal("AlreadyReverted", Assert.Single(second.Output).Properties["Reason"].Value?.ToString());
        Assert.Contains($"Fluxops-Reverts: {bad}", _scenario.RemoteMessage("main"), StringComparison.Ordinal);
        Assert.Contains("web:1.0.0", _scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, first.AllText + second.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void GitLab_REST_mode_takes_the_token_from_GITLAB_TOKEN()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });

        var result = Run(
            "$env:GITLAB_TOKEN = $token; try { $e | Invoke-FluxRollback -Provider GitLab -ApiUrl $gitlab -HostedRepository acme/fleet -Cooldown 0 -Confirm:$false -Verbose } finally { Remove-Item env:GITLAB_TOKEN }",
            FluxEventFactory.Kustomization(bad));

        Assert.Empty(result.Errors);
        Assert.Equal("Reverted", Assert.Single(result.Output).Properties["Outcome"].Value?.ToString());
        Assert.Contains($"Fluxops-Reverts: {bad}", _scenario.RemoteMessage("main"), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Azure_DevOps_REST_mode_WhatIf_writes_nothing_and_a_wrong_token_is_an_error_without_the_token()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var refs = _scenario.RemoteRefs;
        var body = FluxEventFactory.Kustomization(bad);

        var whatIf = Run("$e | Invoke-FluxRollback -Provider AzureDevOps -ApiUrl $azdo -HostedRepository acme/platform/fleet -Credential $cred -WhatIf", body);
        var wrong = Run(
            "$bad = [pscredential]::new('token', (ConvertTo-SecureString 'not-the-token-123' -AsPlainText -Force)); " +
            "$e | Invoke-FluxRollback -Provider AzureDevOps -ApiUrl $azdo -HostedRepository acme/platform/fleet -Credential $bad -Confirm:$false", body);

        Assert.Equal("WouldRevert", Assert.Single(whatIf.Output).Properties["Outcome"].Value?.ToString());
        Assert.Equal("RestApiAuthenticationFailed", Assert.Single(wrong.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(0, _host.Writes);
        Assert.DoesNotContain("not-the-token-123", wrong.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, whatIf.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void An_Azure_DevOps_repository_without_organization_project_and_name_is_a_clear_terminating_error()
    {
        var result = Run("$e | Invoke-FluxRollback -Provider AzureDevOps -ApiUrl $azdo -HostedRepository fleet -Credential $cred -Confirm:$false",
            FluxEventFactory.Kustomization(_scenario.RemoteHead));

        var error = Assert.Single(result.Errors);
        Assert.Equal("RestRepositoryInvalid", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("organization/project/repository", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        Assert.Equal(0, _host.Writes);
    }

    public void Dispose()
    {
        _host.Dispose();
        _scenario.Dispose();
        _session.Dispose();
    }
}
