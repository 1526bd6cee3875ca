namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// A webhook body Azure Automation re-encoded gives advice that works for a PowerShell 7.4 module (a Hybrid Runbook
/// Worker or the receiver, never the 5.1 runtime), and about_FluxOps covers Azure Automation.
/// </summary>
public sealed class AzureAutomationAdviceTests : IDisposable
{
    private readonly ModuleSession _session = new();

    [Theory]
    [InlineData("'{WebhookName:fluxops,RequestBody:{involvedObject:{kind:Kustomization}}}'", "WebhookDataReencoded")]
    [InlineData("[pscustomobject]@{ RequestBody = [pscustomobject]@{ reason = 'HealthCheckFailed' }; RequestHeader = @{} }", "WebhookBodyReencoded")]
    [InlineData("@{ RequestBody = '@{involvedObject=; severity=error}'; RequestHeader = @{ 'X-Signature' = 'sha256=00' } }", "WebhookBodyReencoded")]
    [InlineData("'{\"RequestBody\":{\"severity\":\"error\"},\"RequestHeader\":{}}'", "WebhookBodyReencoded")]
    public void Every_re_encoding_is_explained_with_advice_that_works_on_PowerShell_7_4(string webhookData, string errorId)
    {
        var result = _session.Run($"ConvertFrom-FluxEvent -WebhookData ({webhookData}) -Secret (ConvertTo-SecureString 'k' -AsPlainText -Force)");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("Hybrid Runbook Worker with PowerShell 7.4", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Start-FluxRollbackReceiver", error.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("5.1 runtime or", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void About_FluxOps_covers_Azure_Automation()
    {
        var result = _session.Run("Get-Help about_FluxOps | Out-String -Width 200");

        var text = string.Concat(result.Output.Select(o => o.ToString()));
        Assert.Contains("AZURE AUTOMATION", text, StringComparison.Ordinal);
        Assert.Contains("Invoke-FluxOpsRollback.Runbook.ps1", text, StringComparison.Ordinal);
        Assert.Contains("PowerShell 7.4 runtime environment", text, StringComparison.Ordinal);
        Assert.Contains("Hybrid Runbook Worker", text, StringComparison.Ordinal);
        Assert.Contains("-HostedRepository", text, StringComparison.Ordinal);
    }

    public void Dispose() => _session.Dispose();
}
