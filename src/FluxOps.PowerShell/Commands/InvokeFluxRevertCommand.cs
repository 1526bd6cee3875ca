using System.Management.Automation;
using System.Security;
using FluxOps.Core;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

/// <summary>
/// Reverts commits on the branch Flux watches with real revert commits and a fast-forward push. Commits arriving from the
/// pipeline are collected and reverted together (newest first) per repository and branch, in one push.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "FluxRevert", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = GitSet)]
[OutputType(typeof(RevertResult))]
public sealed class InvokeFluxRevertCommand : PSCmdlet, IDisposable
{
    private const string GitSet = "Git";
    private const string RestSet = "Rest";
    private readonly List<(string? Path, string? Branch, string Sha)> _commits = new();
    private readonly CancellationTokenSource _cancellation = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Sha { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Repository")]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = GitSet)]
    public string Remote { get; set; } = "origin";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Branch { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    public string? Reason { get; set; }

    [Parameter(ParameterSetName = GitSet)]
    public SwitchParameter NoPush { get; set; }

    [Parameter(ParameterSetName = GitSet)]
    public SwitchParameter PullRequest { get; set; }

    [Parameter]
    public PullRequestProvider? Provider { get; set; }

    [Parameter]
    public string? ApiUrl { get; set; }

    /// <summary>REST mode (no native git): the repository on the -Provider service (-Repository is already -Path's alias here).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RestSet)]
    [ValidateNotNullOrEmpty]
    public string HostedRepository { get; set; } = string.Empty;

    [Parameter]
    [ValidateRange(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter(ParameterSetName = GitSet)]
    public SwitchParameter Squash { get; set; }

    [Parameter]
    public SwitchParameter KeepImageAutomation { get; set; }

    [Parameter]
    public string? AuthorName { get; set; }

    [Parameter]
    public string? AuthorEmail { get; set; }

    /// <summary>Flux's webhook Receiver (generic, or generic-hmac with -ReconcileSecret) to call after the push.</summary>
    [Parameter]
    public Uri? ReconcileUrl { get; set; }

    [Parameter]
    public SecureString? ReconcileSecret { get; set; }

    protected override void BeginProcessing()
    {
        if (PullRequest && NoPush)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("PullRequestWithNoPush", "-PullRequest pushes a branch; it cannot be combined with -NoPush.", null));
        }

        AfterPush.Hook(this, ReconcileUrl, ReconcileSecret); // an unusable URL stops here, before anything is reverted
    }

    protected override void ProcessRecord()
    {
        var path = ParameterSetName == RestSet ? null : GitCommandSupport.ResolvePath(this, Path);
        _commits.AddRange(Sha.Select(sha => (path, string.IsNullOrEmpty(Branch) ? null : Branch, sha)));
    }

    /// <summary>Commits from the pipeline are reverted together (newest first) per repository and branch, in one push.</summary>
    protected override void EndProcessing()
    {
        foreach (var group in _commits.GroupBy(c => (c.Path, c.Branch)))
        {
            var shas = group.Select(c => c.Sha).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            try
            {
                var order = new PanicOrder(shas, new RevertSettings { Reason = Reason, KeepImageAutomation = KeepImageAutomation, Squash = Squash, Force = Force })
                {
                    RepositoryPath = group.Key.Path,
                    Remote = Remote,
                    Branch = group.Key.Branch,
                    Credential = GitCommandSupport.ToGitCredential(Credential),
                    NoPush = NoPush,
                    PullRequest = PullRequest,
                    Hosting = new HostingTarget
                    {
                        Provider = Provider,
                        ApiUrl = ApiUrl,
                        Token = Credential?.GetNetworkCredential().Password,
                        Repository = ParameterSetName == RestSet ? HostedRepository : null,
                    },
                    MaxAttempts = MaxAttempts,
                    AuthorName = AuthorName,
                    AuthorEmail = AuthorEmail,
                    Reconcile = AfterPush.Hook(this, ReconcileUrl, ReconcileSecret),
                };
                var results = PanicButton.Run(order, (description, question) => ShouldProcess(description, question, "Invoke-FluxRevert"), WriteVerbose, _cancellation.Token);
                foreach (var skipped in results.Where(r => r.Skipped))
                {
                    WriteWarning($"Skipped {skipped.RevertedSha[..Math.Min(7, skipped.RevertedSha.Length)]}: {skipped.SkipReason}");
                }

                WriteObject(results, true);
                AfterPush.Tell(this, results);
            }
            catch (FluxOpsException ex)
            {
                WriteError(ErrorRecords.From(ex, string.Join(",", shas)));
            }
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose() => _cancellation.Dispose();
}
