using System.Management.Automation;
using System.Security;
using FluxOps.Core;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

/// <summary>
/// Restores the $imagepolicy setter markers FluxOps paused when it reverted bad image updates, in one commit pushed
/// fast-forward only (or a pull request). Records piped from Get-FluxRevertHistory narrow it to the markers those reverts paused.
/// </summary>
[Cmdlet(VerbsLifecycle.Resume, "FluxImageAutomation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(ResumedMarker))]
public sealed class ResumeFluxImageAutomationCommand : PSCmdlet, IDisposable
{
    private readonly List<(string Path, string? Branch, string[] Reverted)> _requests = [];
    private readonly CancellationTokenSource _cancellation = new();

    /// <summary>Binds RevertedShas of Get-FluxRevertHistory output: only markers paused when these commits were reverted.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("RevertedShas")]
    public string[] RevertedSha { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Repository")]
    public string? Path { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Branch { get; set; }

    /// <summary>Only markers of these image policies ("namespace:name", '*' wildcards).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Policy { get; set; } = [];

    [Parameter]
    public string Remote { get; set; } = "origin";

    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public SwitchParameter PullRequest { get; set; }

    [Parameter]
    public PullRequestProvider? Provider { get; set; }

    [Parameter]
    public string? ApiUrl { get; set; }

    [Parameter]
    [ValidateRange(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    [Parameter]
    public string? AuthorName { get; set; }

    [Parameter]
    public string? AuthorEmail { get; set; }

    [Parameter]
    public Uri? ReconcileUrl { get; set; }

    [Parameter]
    public SecureString? ReconcileSecret { get; set; }

    protected override void BeginProcessing() => AfterPush.Hook(this, ReconcileUrl, ReconcileSecret);

    protected override void ProcessRecord() =>
        _requests.Add((GitCommandSupport.ResolvePath(this, Path), string.IsNullOrEmpty(Branch) ? null : Branch, RevertedSha));

    /// <summary>Everything piped for one clone and branch is resumed in one commit.</summary>
    protected override void EndProcessing()
    {
        foreach (var group in _requests.GroupBy(r => (r.Path, r.Branch)))
        {
            try
            {
                var order = new ResumeOrder(group.Key.Path)
                {
                    Remote = Remote,
                    Branch = group.Key.Branch,
                    Credential = GitCommandSupport.ToGitCredential(Credential),
                    PullRequest = PullRequest,
                    Hosting = new HostingTarget { Provider = Provider, ApiUrl = ApiUrl, Token = Credential?.GetNetworkCredential().Password },
                    Policies = Policy,
                    RevertedShas = group.SelectMany(r => r.Reverted).Distinct(StringComparer.OrdinalIgnoreCase).ToList(),
                    MaxAttempts = MaxAttempts,
                    AuthorName = AuthorName,
                    AuthorEmail = AuthorEmail,
                    Reconcile = AfterPush.Hook(this, ReconcileUrl, ReconcileSecret),
                };
                var outcome = AutomationResume.Run(order, (description, question) => ShouldProcess(description, question, "Resume-FluxImageAutomation"), WriteVerbose, _cancellation.Token);
                WriteObject(outcome.Resumed, true);
                Explain(outcome);
            }
            catch (FluxOpsException ex)
            {
                WriteError(ErrorRecords.From(ex, group.Key.Path));
            }
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose() => _cancellation.Dispose();

    private void Explain(ResumeOutcome outcome)
    {
        if (outcome.Declined)
        {
            return;
        }

        if (outcome.AlreadyProposedOn is { } branch)
        {
            WriteWarning($"The branch '{branch}' already exists on {Remote}: resuming these markers is already proposed. Nothing was pushed.");
        }
        else if (outcome.Resumed.Count == 0 && outcome.LeftPaused.Count == 0)
        {
            WriteWarning("No $imagepolicy marker paused by FluxOps was found on the branch: nothing to resume.");
        }
        else if (outcome.Resumed.Count == 0)
        {
            WriteWarning($"None of the {outcome.LeftPaused.Count} paused marker(s) matched -Policy/-RevertedSha; left as they are: {string.Join(", ", outcome.LeftPaused.Take(10))}.");
        }

        if (outcome.Reconcile is { } note)
        {
            AfterPush.Tell(this, note);
        }
    }
}
