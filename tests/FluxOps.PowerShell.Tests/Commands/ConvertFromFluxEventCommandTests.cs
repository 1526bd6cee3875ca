using System.Security.Cryptography;
using System.Text;

namespace FluxOps.PowerShell.Tests.Commands;

public sealed class ConvertFromFluxEventCommandTests : IDisposable
{
    private const string Key = "hmac-key-for-tests";
    private const string Sha = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
    private readonly ModuleSession _session = new();

    private static string Body(string revision = "main@sha1:" + Sha) =>
        "{\"involvedObject\":{\"kind\":\"Kustomization\",\"namespace\":\"flux-system\",\"name\":\"apps\",\"uid\":\"7d0cdc51\",\"apiVersion\":\"kustomize.toolkit.fluxcd.io/v1\",\"resourceVersion\":\"1\"}," +
        "\"severity\":\"error\",\"timestamp\":\"2025-03-01T10:00:00Z\",\"message\":\"health check failed after 5m0s: timeout waiting for: [Deployment/apps/web status: \\u003cInProgress\\u003e]\"," +
        "\"reason\":\"HealthCheckFailed\",\"metadata\":{\"revision\":\"" + revision + "\"},\"reportingController\":\"kustomize-controller\"}";

    private static string Sign(string body, string key = Key) =>
        "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(body))).ToLowerInvariant();

    private Dictionary<string, object?> Vars(string body, string? signature) => new() { ["body"] = body, ["sig"] = signature, ["key"] = Key };

    [Fact]
    public void A_signed_body_becomes_a_verified_FluxEvent()
    {
        var body = Body();
        var result = _session.Run("ConvertFrom-FluxEvent -Body $body -Signature $sig -Secret (ConvertTo-SecureString $key -AsPlainText -Force)", Vars(body, Sign(body)));

        Assert.Null(result.Terminating);
        var flux = Assert.Single(result.Output);
        Assert.Equal("FluxOps.Models.FluxEvent", flux.BaseObject.GetType().FullName);
        Assert.Equal(true, flux.Properties["Verified"].Value);
        Assert.Equal(Sha, flux.Properties["Sha"].Value);
        Assert.Equal("main", flux.Properties["Branch"].Value);
        Assert.Equal("HealthCheckFailed", flux.Properties["Reason"].Value);
    }

    [Theory]
    [InlineData(null, "SignatureMissing")]
    [InlineData("sha256=00ff", "SignatureMismatch")]
    public void A_missing_or_wrong_signature_is_a_terminating_error_and_nothing_downstream_runs(string? signature, string errorId)
    {
        var result = _session.Run(
            "$ran = $false; ConvertFrom-FluxEvent -Body $body -Signature $sig -Secret (ConvertTo-SecureString $key -AsPlainText -Force) | ForEach-Object { $ran = $true }; \"ran=$ran\"",
            Vars(Body(), signature));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith(errorId + ",", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(System.Management.Automation.ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Equal("ran=False", Assert.Single(result.Output).ToString());
        Assert.DoesNotContain(Key, result.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_with_a_trailing_newline_warns_and_is_used_byte_exact()
    {
        var body = Body();
        var result = _session.Run("ConvertFrom-FluxEvent -Body $body -Signature $sig -Secret (ConvertTo-SecureString \"$key`n\" -AsPlainText -Force)", Vars(body, Sign(body, Key + "\n")));

        Assert.Null(result.Terminating);
        Assert.Single(result.Output);
        Assert.Contains(result.Warnings, w => w.Contains("newline", StringComparison.Ordinal));
    }

    [Fact]
    public void WebhookData_shaped_like_azure_is_read_as_object_and_as_json()
    {
        var body = Body();
        var result = _session.Run("""
            $secret = ConvertTo-SecureString $key -AsPlainText -Force
            $WebhookData = [pscustomobject]@{ WebhookName = 'fluxops'; RequestBody = $body; RequestHeader = [pscustomobject]@{ 'Content-Type' = 'application/json'; 'X-Signature' = $sig } }
            (ConvertFrom-FluxEvent -WebhookData $WebhookData -Secret $secret).Verified
            (ConvertFrom-FluxEvent -WebhookData ($WebhookData | ConvertTo-Json -Compress) -Secret $secret).Verified
            """, Vars(body, Sign(body)));

        Assert.Null(result.Terminating);
        Assert.Equal(["True", "True"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void A_WebhookData_re_encoded_by_the_PowerShell_7_runtime_is_explained()
    {
        var result = _session.Run(
            "ConvertFrom-FluxEvent -WebhookData '{WebhookName:fluxops,RequestBody:{involvedObject:{kind:Kustomization}}}' -Secret (ConvertTo-SecureString $key -AsPlainText -Force)",
            Vars(Body(), null));

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("WebhookDataReencoded,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void An_oci_revision_is_parsed_with_a_warning_that_it_is_not_a_git_commit()
    {
        var result = _session.Run("$body | ConvertFrom-FluxEvent", Vars(Body("latest@sha256:d3b0a8a1c0b5e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819"), null));

        var flux = Assert.Single(result.Output);
        Assert.Null(flux.Properties["Sha"].Value);
        Assert.Equal(false, flux.Properties["Verified"].Value);
        Assert.Contains(result.Warnings, w => w.Contains("not a git commit", StringComparison.Ordinal));
    }

    public void Dispose() => _session.Dispose();
}
