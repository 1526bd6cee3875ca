using System.Collections;
using System.Management.Automation;
using FluxOps.Core.Flux;

namespace FluxOps.PowerShell.Internal;

/// <summary>
/// Turns the $WebhookData a runbook receives (a PSCustomObject, a hashtable, or its JSON string, depending on the
/// Automation runtime) into Core's <see cref="AzureWebhookData"/>: PowerShell objects stay on this side of the line.
/// </summary>
internal static class WebhookDataBinder
{
    /// <summary>Accepts $WebhookData as Azure passes it: an object (PSCustomObject or hashtable) or its JSON string.</summary>
    public static AzureWebhookData Read(object? input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        switch (value)
        {
            case null:
                throw new FluxEventException("WebhookDataInvalid", "WebhookData is empty.");
            case string json:
                return AzureWebhookData.FromJson(json);
        }

        var source = PSObject.AsPSObject(input!);
        var body = Property(source, "RequestBody");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        switch (Property(source, "RequestHeader") is PSObject h ? h.BaseObject : Property(source, "RequestHeader"))
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    headers[entry.Key.ToString() ?? string.Empty] = entry.Value?.ToString() ?? string.Empty;
                }

                break;
            case not null:
                foreach (var property in PSObject.AsPSObject(Property(source, "RequestHeader")!).Properties)
                {
                    headers[property.Name] = property.Value?.ToString() ?? string.Empty;
                }

                break;
        }

        var bodyValue = body is PSObject b ? b.BaseObject : body;
        if (bodyValue is not null and not string)
        {
            throw new FluxEventException("WebhookBodyReencoded",
                "WebhookData.RequestBody is not a string: the runtime converted the body into an object, so the exact bytes the signature covers are lost. " +
                AzureWebhookData.ReencodedAdvice);
        }

        return new AzureWebhookData(bodyValue as string, headers, Property(source, "WebhookName")?.ToString());
    }

    private static object? Property(PSObject source, string name)
    {
        if (source.BaseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(entry.Key.ToString(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value;
                }
            }

            return null;
        }

        return source.Properties[name]?.Value;
    }
}
