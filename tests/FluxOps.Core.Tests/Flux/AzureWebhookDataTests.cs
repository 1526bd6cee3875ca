using System.Text;
using System.Text.Json;
using FluxOps.Core.Flux;

namespace FluxOps.Core.Tests.Flux;

public sealed class AzureWebhookDataTests
{
    [Fact]
    public void The_json_form_of_WebhookData_yields_the_exact_body_and_its_signature_header()
    {
        var body = FluxEventSamples.Kustomization();
        var header = FluxEventSamples.Sign(body, "k");
        var json = JsonSerializer.Serialize(new
        {
            WebhookName = "fluxops",
            RequestBody = body,
            RequestHeader = new Dictionary<string, string> { ["Content-Type"] = "application/json", ["x-signature"] = header, ["Gotk-Component"] = "kustomize-controller" },
        });

        var webhook = AzureWebhookData.FromJson(json);

        Assert.Equal(Encoding.UTF8.GetBytes(body), webhook.BodyBytes());
        Assert.Equal(header, webhook.Header("X-Signature"));
        Assert.Equal("fluxops", webhook.WebhookName);
        FluxSignature.Verify(webhook.BodyBytes(), webhook.Header("X-Signature"), "k"u8);
    }

    [Fact]
    public void A_re_encoded_WebhookData_string_is_reported_as_the_PowerShell_7_runtime_problem()
    {
        // What PowerShell/PowerShell#19781 shows a 7.x runbook receiving: hashtable-ish text, not JSON.
        var reencoded = "{WebhookName:fluxops,RequestBody:{involvedObject:{kind:Kustomization}},RequestHeader:{X-Signature:sha256=00}}";

        var ex = Assert.Throws<FluxEventException>(() => AzureWebhookData.FromJson(reencoded));

        Assert.Equal("WebhookDataReencoded", ex.ErrorId);
        Assert.Contains("PowerShell 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_that_is_no_longer_json_or_was_turned_into_an_object_is_reported_as_re_encoded()
    {
        var notJson = new AzureWebhookData("{involvedObject:{kind:Kustomization}}", new Dictionary<string, string>());
        var asObject = """{"RequestBody":{"involvedObject":{}},"RequestHeader":{}}""";

        Assert.Equal("WebhookBodyReencoded", Assert.Throws<FluxEventException>(() => notJson.BodyBytes()).ErrorId);
        Assert.Equal("WebhookBodyReencoded", Assert.Throws<FluxEventException>(() => AzureWebhookData.FromJson(asObject)).ErrorId);
        Assert.Equal("WebhookBodyMissing", Assert.Throws<FluxEventException>(() => new AzureWebhookData(null, new Dictionary<string, string>()).BodyBytes()).ErrorId);
    }
}
