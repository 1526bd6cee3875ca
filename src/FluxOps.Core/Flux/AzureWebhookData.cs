using System.Text;
using System.Text.Json;

namespace FluxOps.Core.Flux;

/// <summary>
/// The parts of Azure Automation's <c>$WebhookData</c> a Flux event needs: RequestBody (the body as a string) and
/// RequestHeader. Azure documents that PowerShell 7 runbooks may receive this input converted to invalid JSON; such a
/// body can never verify, so it is detected and reported instead of failing later as a "forged" signature.
/// </summary>
internal sealed class AzureWebhookData
{
    public AzureWebhookData(string? requestBody, IReadOnlyDictionary<string, string> requestHeader, string? webhookName = null)
    {
        RequestBody = requestBody;
        RequestHeader = requestHeader;
        WebhookName = webhookName;
    }

    public string? RequestBody { get; }

    public IReadOnlyDictionary<string, string> RequestHeader { get; }

    public string? WebhookName { get; }

    public string? Header(string name) =>
        RequestHeader.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The body bytes to verify: the UTF-8 encoding of RequestBody, which Azure passes through as text.</summary>
    public byte[] BodyBytes()
    {
        if (string.IsNullOrEmpty(RequestBody))
        {
            throw new FluxEventException("WebhookBodyMissing", "The WebhookData has no RequestBody: the runbook was not started by a webhook.");
        }

        try
        {
            using var _ = JsonDocument.Parse(RequestBody);
        }
        catch (JsonException ex)
        {
            throw new FluxEventException("WebhookBodyReencoded",
                "WebhookData.RequestBody is not JSON. Azure Automation's PowerShell 7 runtime can re-encode webhook input into " +
                "invalid JSON, which also destroys the bytes the HMAC covers. Run this runbook on the PowerShell 5.1 runtime or on " +
                "a Hybrid Worker with PowerShell 7.4 where the body arrives intact.", ex);
        }

        return Encoding.UTF8.GetBytes(RequestBody);
    }

    /// <summary>Reads the JSON form of $WebhookData (what a runbook gets when the runtime passes it as a string).</summary>
    public static AzureWebhookData FromJson(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FluxEventException("WebhookDataReencoded",
                "The WebhookData string is not JSON. Azure Automation's PowerShell 7 runtime is documented to convert webhook input " +
                "into invalid JSON; use the PowerShell 5.1 runtime or a Hybrid Worker (see about_FluxOps and the sample runbook README).", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FluxEventException("WebhookDataInvalid", "The WebhookData JSON is not an object with RequestBody and RequestHeader.");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (TryGet(root, "RequestHeader", out var headerElement) && headerElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var header in headerElement.EnumerateObject())
                {
                    headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString() ?? string.Empty : header.Value.GetRawText();
                }
            }

            string? body = null;
            if (TryGet(root, "RequestBody", out var bodyElement))
            {
                // Azure delivers the body as a string; a runtime that re-parsed it into an object has lost the exact bytes.
                body = bodyElement.ValueKind == JsonValueKind.String ? bodyElement.GetString()
                    : throw new FluxEventException("WebhookBodyReencoded",
                        "WebhookData.RequestBody arrived as a JSON object, not the original text: the exact bytes the signature covers are lost.");
            }

            var name = TryGet(root, "WebhookName", out var nameElement) && nameElement.ValueKind == JsonValueKind.String ? nameElement.GetString() : null;
            return new AzureWebhookData(body, headers, name);
        }
    }

    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}
