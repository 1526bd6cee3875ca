using System.Management.Automation;
using System.Security;
using System.Text;
using FluxOps.Core.Flux;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

[Cmdlet(VerbsData.ConvertFrom, "FluxEvent", DefaultParameterSetName = BodySet, HelpUri = HelpLinks.Base + "ConvertFrom-FluxEvent.md")]
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
                var webhook = WebhookDataBinder.Read(WebhookData);
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
}
