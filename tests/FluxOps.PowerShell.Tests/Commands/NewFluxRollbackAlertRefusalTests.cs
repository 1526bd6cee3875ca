namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// New-FluxRollbackAlert writes nothing for an address notification-controller cannot post to or a regex it cannot use,
/// sends HelmReleases by default as its help says, and tells how to read a generated token back.
/// </summary>
public sealed class NewFluxRollbackAlertRefusalTests : IDisposable
{
    private readonly ModuleSession _session = new();

    [Theory]
    [InlineData("-Address fluxops-receiver:8080/hooks/flux", "AlertAddressInvalid", "Write the scheme, e.g. http://fluxops-receiver:8080/hooks/flux")]
    [InlineData("-Address receiver.svc/hooks/flux", "AlertAddressInvalid", "is not an http:// or https:// URL")]
    [InlineData("-Address http://r/hooks -InclusionList '^health check failed', '('", "AlertRegexInvalid", "-InclusionList '('")]
    [InlineData("-Address http://r/hooks -InclusionList '^(?!Reconciliation).*failed'", "AlertRegexInvalid", "does not exist in Go's RE2 syntax")]
    [InlineData("-Address http://r/hooks -ExclusionList '(a)\\1'", "AlertRegexInvalid", "-ExclusionList")]
    public void What_notification_controller_cannot_use_is_refused_and_nothing_is_written(string arguments, string errorId, string says)
    {
        var result = _session.Run($"New-FluxRollbackAlert {arguments} -Secret (ConvertTo-SecureString 'k' -AsPlainText -Force)");

        Assert.Empty(result.Output);
        var record = Assert.Single(result.Errors);
        Assert.StartsWith(errorId + ",", record.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Contains(says, record.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_HelmRelease_every_HelmRelease_is_a_source_as_the_help_says()
    {
        var result = _session.Run("New-FluxRollbackAlert -Address http://r/hooks -Secret (ConvertTo-SecureString 'k' -AsPlainText -Force); (Get-Help New-FluxRollbackAlert -Parameter HelmRelease | Out-String)");

        var yaml = result.Output[0].ToString();
        Assert.Contains("  - kind: HelmRelease\n    name: '*'", yaml, StringComparison.Ordinal);
        Assert.Contains("  - kind: Kustomization\n    name: '*'", yaml, StringComparison.Ordinal);
        Assert.Contains("Default: `*`", result.Output[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_generated_token_comes_with_the_command_that_reads_it_back_and_never_in_the_warning()
    {
        var result = _session.Run("New-FluxRollbackAlert -Address http://r/hooks -Name rollback -Namespace flux-ops");

        var yaml = Assert.Single(result.Output).ToString();
        var token = yaml.Split('\n').Single(l => l.TrimStart().StartsWith("token:", StringComparison.Ordinal)).Split(':')[1].Trim();
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("kubectl -n flux-ops get secret rollback -o jsonpath='{.data.token}' | base64 -d", warning, StringComparison.Ordinal);
        Assert.Equal(64, token.Length);
        Assert.DoesNotContain(token, warning, StringComparison.Ordinal);
    }

    public void Dispose() => _session.Dispose();
}
