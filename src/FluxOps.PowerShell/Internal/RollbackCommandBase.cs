using System.Management.Automation;
using System.Security;
using FluxOps.Core.Hosting;
using FluxOps.Core.Rollback;
using FluxOps.Models;

namespace FluxOps.PowerShell.Internal;

/// <summary>The repository and policy parameters Invoke-FluxRollback and Start-FluxRollbackReceiver share.</summary>
public abstract class RollbackCommandBase : PSCmdlet
{
    protected const string PathSet = "Path";
    protected const string UrlSet = "RepositoryUrl";

    /// <summary>No native git: history and revert through the hosting service's REST API.</summary>
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

    /// <summary>Propose the revert as a pull (merge) request from fluxops/revert-&lt;sha&gt; instead of pushing to the branch.</summary>
    [Parameter]
    public SwitchParameter PullRequest { get; set; }

    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = UrlSet)]
    [Parameter(Mandatory = true, ParameterSetName = RestSet)]
    public PullRequestProvider? Provider { get; set; }

    /// <summary>REST mode: GitHub/GitLab "owner/name" (GitLab: full path or numeric id), Azure DevOps "organization/project/repository".</summary>
    [Parameter(Mandatory = true, ParameterSetName = RestSet)]
    [ValidateNotNullOrEmpty]
    public string Repository { get; set; } = string.Empty;

    [Parameter]
    public string? ApiUrl { get; set; }

    /// <summary>What the parameters name as the repository, for error records.</summary>
    private protected string RepositoryTarget => ParameterSetName switch { UrlSet => RepositoryUrl, RestSet => Repository, _ => Path };

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

    /// <summary>
    /// The repository the parameters name: a clone (-Path), a cached bare clone (-RepositoryUrl), or the hosting
    /// service's REST API (-Provider/-Repository); with -PullRequest the revert is proposed instead of pushed. Failures
    /// are <see cref="Core.FluxOpsException"/>s for the caller to turn into ErrorRecords.
    /// </summary>
    private protected IRollbackRepository OpenRollbackRepository()
    {
        var hosting = new HostingTarget { Provider = Provider, ApiUrl = ApiUrl, Token = Credential?.GetNetworkCredential().Password };
        var pullRequestBranch = PullRequest ? "fluxops/revert-{shortsha}" : null;
        if (ParameterSetName == RestSet)
        {
            return new RestRollbackRepository(HostingProviders.Connect(hosting with { Repository = Repository }), Branch ?? "main")
            {
                Lookback = Cooldown > Window ? Cooldown : Window,
                PullRequestBranch = pullRequestBranch,
            };
        }

        var credential = GitCommandSupport.ToGitCredential(Credential);
        return ParameterSetName == UrlSet
            ? GitRollbackRepository.ForUrl(RepositoryUrl, Branch ?? "main", credential, pullRequestBranch: pullRequestBranch, pullRequestHosting: hosting)
            : GitRollbackRepository.ForClone(GitCommandSupport.ResolvePath(this, Path), Branch, credential, pullRequestBranch: pullRequestBranch, pullRequestHosting: hosting);
    }
}
