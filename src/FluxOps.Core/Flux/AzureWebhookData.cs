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
    /// <summary>
    /// What to do about a re-encoded body, in words that work for FluxOps (PowerShell 7.4 or later: the Windows
    /// PowerShell 5.1 runtime is not an option) and that send nobody looking for a setting that does not exist.
    /// </summary>
    public const string ReencodedAdvice =
        "Nothing was decided or reverted. The cloud sandbox's PowerShell 7 runtime re-encodes webhook input (Azure documents this), " +
        "and FluxOps needs PowerShell 7.4, so run this runbook on a Hybrid Runbook Worker with PowerShell 7.4, where " +
        "$WebhookData.RequestBody is the body as posted, or run Start-FluxRollbackReceiver (deploy/ in the FluxOps repository) " +
        "instead of the runbook. See about_FluxOps (AZURE AUTOMATION).";

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
                "WebhookData.RequestBody is not JSON: it was re-encoded on the way, which also destroys the bytes the HMAC covers. " + ReencodedAdvice, ex);
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
                "The WebhookData string is not JSON: the runtime converted the webhook input into invalid JSON, so the signed body cannot be read. " + ReencodedAdvice, ex);
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
                        "WebhookData.RequestBody arrived as a JSON object, not the original text: the exact bytes the signature covers are lost. " + ReencodedAdvice);
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
