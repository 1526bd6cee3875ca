using System.Management.Automation;
using FluxOps.Core;
using FluxOps.Core.ChangedImages;
using FluxOps.Core.Manifests;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "ChangedImages", DefaultParameterSetName = ChangesSet, HelpUri = HelpLinks.Base + "Get-ChangedImages.md")]
[OutputType(typeof(ImageReference))]
public sealed class GetChangedImagesCommand : PSCmdlet, IDisposable
{
    private const string ChangesSet = "Changes";
    private const string AllSet = "All";
    private readonly CancellationTokenSource _stop = new();

    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = ChangesSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CommitishCompleter))]
    public string? Base { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(CommitishCompleter))]
    public string? Head { get; set; }

    [Parameter]
    public SwitchParameter IncludeWorkingTree { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Include { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Exclude { get; set; }

    protected override void EndProcessing()
    {
        var options = new ChangedImagesOptions
        {
            Path = GetUnresolvedProviderPathFromPSPath(Path ?? SessionState.Path.CurrentFileSystemLocation.ProviderPath),
            Base = Base,
            Head = Head,
            IncludeWorkingTree = IncludeWorkingTree,
            All = All,
            Include = Include ?? [],
            Exclude = Exclude ?? [],
        };

        IEnumerable<ChangedImagesItem> items;
        try
        {
            items = ChangedImageFinder.Find(options, _stop.Token);
        }
        catch (FluxOpsException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex, options.Path));
            return;
        }
        catch (ArgumentException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidPathGlob", ErrorCategory.InvalidArgument, null));
            return;
        }

        try
        {
            foreach (var item in items)
            {
                if (item.Image is not null)
                {
                    WriteObject(item.Image);
                }
                else if (item.Notice is { } notice)
                {
                    WriteNotice(notice);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Ctrl+C: stop quietly.
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    private void WriteNotice(ScanNotice notice)
    {
        switch (notice.Level)
        {
            case ScanNoticeLevel.Skip:
                WriteVerbose("Skipped " + notice);
                break;
            case ScanNoticeLevel.Info:
                WriteVerbose(notice.ToString());
                break;
            case ScanNoticeLevel.Warning:
                WriteWarning(notice.ToString());
                break;
            default:
                WriteError(new ErrorRecord(new ManifestReadException($"{notice.File}: {notice.Reason}"),
                    "ManifestUnreadable", ErrorCategory.InvalidData, notice.File));
                break;
        }
    }
}
