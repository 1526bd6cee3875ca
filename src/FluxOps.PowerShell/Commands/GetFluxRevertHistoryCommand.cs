using System.Management.Automation;
using FluxOps.Core;
using FluxOps.Core.Git;
using FluxOps.Core.Revert;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

/// <summary>What FluxOps reverted on a branch, newest first, read from the revert commits' FluxOps trailers.</summary>
[Cmdlet(VerbsCommon.Get, "FluxRevertHistory", DefaultParameterSetName = PathSet)]
[OutputType(typeof(RevertRecord))]
public sealed class GetFluxRevertHistoryCommand : PSCmdlet, IDisposable
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

    [Parameter]
    public DateTime? Since { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            string repositoryPath;
            string? label = null;
            if (ParameterSetName == UrlSet)
            {
                WriteVerbose($"Fetching '{Branch ?? "main"}' of {GitCredential.Redact(RepositoryUrl, null)} into the cache.");
                repositoryPath = RepositoryCache.Prepare(RepositoryUrl, Branch ?? "main", GitCommandSupport.ToGitCredential(Credential),
                    CachePath is null ? null : GitCommandSupport.ResolvePath(this, CachePath), _cancellation.Token);
                label = repositoryPath; // as Get-FluxBadCommit: records piped on act in the cache clone
            }
            else
            {
                repositoryPath = GitCommandSupport.ResolvePath(this, Path);
            }

            var since = Since is { } value ? new DateTimeOffset(value) : (DateTimeOffset?)null;
            foreach (var record in RevertHistory.Read(repositoryPath, ParameterSetName == UrlSet ? Branch ?? "main" : Branch, since, label, _cancellation.Token))
            {
                WriteObject(record);
            }
        }
        catch (FluxOpsException ex)
        {
            WriteError(ErrorRecords.From(ex, Path ?? RepositoryUrl));
        }
        catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
        {
            // Ctrl+C: stop quietly.
        }
    }

    protected override void StopProcessing() => _cancellation.Cancel();

    public void Dispose() => _cancellation.Dispose();
}
