using System.Management.Automation;
using FluxOps.Core;
using FluxOps.Core.Flux;
using FluxOps.Core.Git;
using FluxOps.Core.History;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

/// <summary>Finds the commits that may have broken a Flux reconciliation.</summary>
[Cmdlet(VerbsCommon.Get, "FluxBadCommit", DefaultParameterSetName = PathSet)]
[OutputType(typeof(BadCommit))]
public sealed class GetFluxBadCommitCommand : PSCmdlet
{
    private const string PathSet = "Path";
    private const string UrlSet = "RepositoryUrl";
    private readonly CancellationTokenSource _cancellation = new();

    [Parameter(ParameterSetName = PathSet, Position = 0)]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = UrlSet, Mandatory = true)]
    public string RepositoryUrl { get; set; } = string.Empty;

    [Parameter(ParameterSetName = UrlSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Folder for -RepositoryUrl clones (default: the user cache folder).</summary>
    [Parameter(ParameterSetName = UrlSet)]
    public string? CachePath { get; set; }

    [Parameter]
    public string? Branch { get; set; }

    [Parameter(ValueFromPipeline = true)]
    public string? Revision { get; set; }

    [Parameter]
    public string? LastApplied { get; set; }

    [Parameter]
    public string? LastAttempted { get; set; }

    [Parameter]
    public string[] Include { get; set; } = [];

    [Parameter]
    public string[] Author { get; set; } = [];

    [Parameter]
    public SwitchParameter ImageAutomation { get; set; }

    [Parameter]
    public DateTime? Since { get; set; }

    /// <summary>Only commits committed at or before this time (git log --until).</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            string repositoryPath;
            string? label = null;
            var branch = Branch;
            if (ParameterSetName == UrlSet)
            {
                branch ??= Revision is null ? "main" : FluxRevision.Parse(Revision).Branch ?? "main";
                WriteVerbose($"Fetching '{branch}' of {GitCredential.Redact(RepositoryUrl, null)} into the cache.");
                repositoryPath = RepositoryCache.Prepare(RepositoryUrl, branch, GitCommandSupport.ToGitCredential(Credential),
                    CachePath is null ? null : GitCommandSupport.ResolvePath(this, CachePath), _cancellation.Token);
                label = repositoryPath;
            }
            else
            {
                repositoryPath = GitCommandSupport.ResolvePath(this, Path);
            }

            var query = new CommitQuery
            {
                Revision = Revision,
                LastApplied = LastApplied,
                LastAttempted = LastAttempted,
                Include = Include,
                Authors = Author,
                ImageAutomation = ImageAutomation,
                Since = Since is { } since ? new DateTimeOffset(since) : null,
                Until = Until is { } until ? new DateTimeOffset(until) : null,
                First = First,
                Branch = branch,
            };
            // Each commit goes down the pipeline as the walk finds it: -First, Select-Object -First or Ctrl+C end the walk.
            foreach (var commit in CommitFinder.Find(repositoryPath, query, label, _cancellation.Token))
            {
                WriteObject(commit);
            }
        }
        catch (FluxOpsException ex)
        {
            WriteError(ErrorRecords.From(ex, Revision ?? Path ?? RepositoryUrl));
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // Ctrl+C: stop quietly.
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    protected override void EndProcessing() => _cancellation.Dispose();
}
