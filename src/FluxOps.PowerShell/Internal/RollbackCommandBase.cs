using System.Management.Automation;
using System.Security;
using FluxOps.Core.Hosting;
using FluxOps.Core.Rollback;

namespace FluxOps.PowerShell.Internal;

/// <summary>The repository and policy parameters Invoke-FluxRollback and Start-FluxRollbackReceiver share.</summary>
public abstract class RollbackCommandBase : PSCmdlet
{
    protected const string PathSet = "Path";
    protected const string UrlSet = "RepositoryUrl";

    /// <summary>No native git: history and revert through the hosting service's REST API (Invoke-FluxRollback only).</summary>
    protected const string RestSet = "Rest";

    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ParameterSetName = UrlSet)]
    [ValidateNotNullOrEmpty]
    public string RepositoryUrl { get; set; } = string.Empty;

    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public string? Branch { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] Reason { get; set; } = [.. RollbackPolicyOptions.DefaultReasons];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] Include { get; set; } = ["*"];

    [Parameter]
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(10);

    [Parameter]
    [ValidateRange(1, 1000)]
    public int MaxRevertsPerWindow { get; set; } = 3;

    [Parameter]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Count reverts people made with Invoke-FluxRevert toward -MaxRevertsPerWindow and -Cooldown too.</summary>
    [Parameter]
    public SwitchParameter CountManualReverts { get; set; }

    /// <summary>Flux's webhook Receiver (generic, or generic-hmac with -ReconcileSecret) to call after a revert is pushed.</summary>
    [Parameter]
    public Uri? ReconcileUrl { get; set; }

    [Parameter]
    public SecureString? ReconcileSecret { get; set; }

    private protected RollbackPolicyOptions PolicyOptions(string branch) => new()
    {
        Reasons = Reason,
        Include = Include,
        Cooldown = Cooldown,
        MaxRevertsPerWindow = MaxRevertsPerWindow,
        Window = Window,
        CountManualReverts = CountManualReverts,
        Branch = branch,
    };

    /// <summary>Opens the repository the parameters name; git failures become ErrorRecords with the Core error id.</summary>
    private protected GitRollbackRepository OpenRepository(string? pullRequestBranch = null, HostingTarget? pullRequestHosting = null)
    {
        var credential = GitCommandSupport.ToGitCredential(Credential);
        return ParameterSetName == UrlSet
            ? GitRollbackRepository.ForUrl(RepositoryUrl, Branch ?? "main", credential, pullRequestBranch: pullRequestBranch, pullRequestHosting: pullRequestHosting)
            : GitRollbackRepository.ForClone(GitCommandSupport.ResolvePath(this, Path), Branch, credential, pullRequestBranch: pullRequestBranch, pullRequestHosting: pullRequestHosting);
    }
}
