using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Text;
using FluxOps.Core.Flux;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

[Cmdlet(VerbsData.ConvertFrom, "FluxEvent", DefaultParameterSetName = BodySet)]
[OutputType(typeof(FluxEvent))]
public sealed class ConvertFromFluxEventCommand : PSCmdlet
{
    private const string BodySet = "Body";
    private const string WebhookSet = "WebhookData";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BodySet)]
    [AllowEmptyString]
    public string Body { get; set; } = string.Empty;

    [Parameter(ParameterSetName = BodySet)]
    public string? Signature { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = WebhookSet)]
    public object? WebhookData { get; set; }

    [Parameter]
    public SecureString? Secret { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            byte[] body;
            string? signature;
            if (ParameterSetName == WebhookSet)
            {
                var webhook = ReadWebhookData(WebhookData);
                body = webhook.BodyBytes();
                signature = webhook.Header(FluxSignature.HeaderName);
            }
            else
            {
                body = Encoding.UTF8.GetBytes(Body);
                signature = Signature;
            }

            var key = Secret is null ? [] : SecretBytes.Utf8(Secret);
            if (FluxSignature.EndsWithNewline(key))
            {
                WriteWarning("The secret ends with a newline. notification-controller 1.7 and later sign with the Secret's token byte-exact, " +
                    "so the Secret must hold the same trailing newline or neither should.");
            }

            var flux = FluxEventParser.Parse(body, signature, key, verify: Secret is not null);
            Array.Clear(key);
            if (Secret is null)
            {
                WriteVerbose("No -Secret given: the event is parsed but NOT verified (Verified = False).");
            }

            if (flux.RevisionKind == RevisionKind.Digest)
            {
                WriteWarning($"{flux}: revision '{flux.Revision}' is an OCI artifact or bucket digest, not a git commit; Sha is empty.");
            }

            WriteObject(flux);
        }
        catch (FluxEventException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, ParameterSetName == WebhookSet ? "WebhookData" : "Body"));
        }
    }

    /// <summary>Accepts $WebhookData as Azure passes it: an object (PSCustomObject or hashtable) or its JSON string.</summary>
    private static AzureWebhookData ReadWebhookData(object? input)
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
                "WebhookData.RequestBody is not a string: the runtime converted the body into an object, so the exact bytes the signature covers are lost.");
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
