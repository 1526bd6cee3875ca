using System.Management.Automation;
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

    /// <summary>A clone of the repository Flux watches; the current folder when not given, as on every other cmdlet.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = UrlSet)]
    [ValidateNotNullOrEmpty]
    public string RepositoryUrl { get; set; } = string.Empty;

    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(BranchCompleter))]
    public string? Branch { get; set; }

    /// <summary>
    /// The Flux event reasons that may trigger a rollback. Not called -Reason: on Invoke-FluxRevert -Reason is the reason
    /// written into the revert commit, and one name has one meaning.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] EventReason { get; set; } = [.. RollbackPolicyOptions.DefaultReasons];

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

    /// <summary>Who the revert commits are by (as on Invoke-FluxRevert); default GIT_AUTHOR_NAME, else FluxOps.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AuthorName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AuthorEmail { get; set; }

    /// <summary>The clone the parameters name (-Path, else the current folder), for messages and error targets.</summary>
    private protected string ClonePath => GitCommandSupport.ResolvePath(this, Path);

    private protected RollbackPolicyOptions PolicyOptions(string branch) => new()
    {
        Reasons = EventReason,
        Include = Include,
        Cooldown = Cooldown,
        MaxRevertsPerWindow = MaxRevertsPerWindow,
        Window = Window,
        Branch = branch,
    };

    /// <summary>Opens the repository the parameters name; git failures become ErrorRecords with the Core error id.</summary>
    private protected GitRollbackRepository OpenRepository(string? pullRequestBranch = null, HostingTarget? pullRequestHosting = null)
    {
        var credential = GitCommandSupport.ToGitCredential(Credential);
        var repository = ParameterSetName == UrlSet
            ? GitRollbackRepository.ForUrl(RepositoryUrl, Branch ?? "main", credential, pullRequestBranch: pullRequestBranch, pullRequestHosting: pullRequestHosting)
            : GitRollbackRepository.ForClone(ClonePath, Branch, credential, pullRequestBranch: pullRequestBranch, pullRequestHosting: pullRequestHosting);
        repository.AuthorName = AuthorName;
        repository.AuthorEmail = AuthorEmail;
        return repository;
    }
}
