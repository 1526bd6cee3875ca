namespace FluxOps.PowerShell.Tests.Commands;

public sealed class NewFluxRollbackAlertCommandTests : IDisposable
{
    private readonly ModuleSession _session = new();

    [Fact]
    public void Writes_three_documents_with_the_given_token_and_no_inclusionRules()
    {
        var result = _session.Run(
            "New-FluxRollbackAlert -Address http://receiver:8080/hooks/flux -Secret (ConvertTo-SecureString 'given-token' -AsPlainText -Force) -Kustomization apps -HelmRelease web/podinfo -EventMetadata @{ cluster = 'prod' }");

        Assert.Null(result.Terminating);
        var yaml = Assert.Single(result.Output).ToString();
        Assert.Equal(2, yaml.Split("\n---\n").Length - 1);
        Assert.Contains("token: given-token", yaml, StringComparison.Ordinal);
        Assert.Contains("type: generic-hmac", yaml, StringComparison.Ordinal);
        Assert.Contains("eventSeverity: error", yaml, StringComparison.Ordinal);
        Assert.Contains("namespace: web", yaml, StringComparison.Ordinal);
        Assert.Contains("cluster: prod", yaml, StringComparison.Ordinal);
        Assert.Contains("inclusionList:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("inclusionRules", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Generates_a_different_token_each_time_when_none_is_given()
    {
        var result = _session.Run("1..2 | ForEach-Object { (New-FluxRollbackAlert -Address http://r/hooks/flux) -split \"`n\" | Where-Object { $_ -match '^\\s+token:' } }");

        Assert.Equal(2, result.Output.Count);
        Assert.NotEqual(result.Output[0].ToString(), result.Output[1].ToString());
    }

    [Fact]
    public void A_bad_timeout_is_rejected_by_parameter_validation()
    {
        var result = _session.Run("New-FluxRollbackAlert -Address http://r/hooks/flux -Timeout 30sec");

        Assert.Contains(result.Errors, e => e.FullyQualifiedErrorId.StartsWith("ParameterArgumentValidationError,", StringComparison.Ordinal));
        Assert.Empty(result.Output);
    }

    public void Dispose() => _session.Dispose();
}
