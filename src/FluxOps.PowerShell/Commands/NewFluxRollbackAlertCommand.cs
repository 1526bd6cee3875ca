using System.Collections;
using System.Management.Automation;
using System.Security;
using System.Text;
using FluxOps.Core;
using FluxOps.Core.Flux;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

[Cmdlet(VerbsCommon.New, "FluxRollbackAlert", HelpUri = HelpLinks.Base + "New-FluxRollbackAlert.md")]
[OutputType(typeof(string))]
public sealed class NewFluxRollbackAlertCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Address { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "fluxops-rollback";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Namespace { get; set; } = "flux-system";

    [Parameter]
    public SecureString? Secret { get; set; }

    [Parameter]
    public string[] Kustomization { get; set; } = ["*"];

    [Parameter]
    public string[] HelmRelease { get; set; } = ["*"];

    [Parameter]
    public string[]? InclusionList { get; set; }

    [Parameter]
    public string[] ExclusionList { get; set; } = [];

    [Parameter]
    [ValidatePattern(@"^([0-9]+(\.[0-9]+)?(ms|s|m))+$")]
    public string Timeout { get; set; } = "30s";

    [Parameter]
    public Hashtable? EventMetadata { get; set; }

    protected override void EndProcessing()
    {
        var options = new RollbackAlertOptions
        {
            Address = Address,
            Name = Name,
            Namespace = Namespace,
            Token = Secret is null ? null : Encoding.UTF8.GetString(SecretBytes.Utf8(Secret)),
            Kustomizations = Kustomization,
            HelmReleases = HelmRelease,
            InclusionList = InclusionList,
            ExclusionList = ExclusionList,
            Timeout = Timeout,
            EventMetadata = EventMetadata?.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString() ?? string.Empty, e => e.Value?.ToString() ?? string.Empty)
                ?? new Dictionary<string, string>(),
        };
        try
        {
            WriteObject(RollbackAlertManifest.Render(options, out _));
            if (Secret is null)
            {
                // A warning, not verbose: the receiver needs the same token, and the YAML usually goes straight to kubectl.
                WriteWarning($"No -Secret given: a random 256-bit token was generated into Secret {Namespace}/{Name} (key 'token'). Give the receiver " +
                    $"the same value as its -Secret; read it back after applying with: kubectl -n {Namespace} get secret {Name} -o jsonpath='{{.data.token}}' | base64 -d");
            }
        }
        catch (FluxOpsException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, Address));
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "RollbackAlertInvalid", ErrorCategory.InvalidArgument, Address));
        }
    }
}
