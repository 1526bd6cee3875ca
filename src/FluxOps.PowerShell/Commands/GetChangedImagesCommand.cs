using System.Management.Automation;
using FluxOps.Core;
using FluxOps.Core.ChangedImages;
using FluxOps.Core.Manifests;
using FluxOps.Core.Reporting;
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

    /// <summary>Go on without changed manifests that cannot be read (too large, not UTF-8, not YAML): warnings instead of a failed gate.</summary>
    [Parameter]
    public SwitchParameter SkipUnreadable { get; set; }

    private readonly List<string> _unreadable = [];

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
            return;
        }

        if (_unreadable.Count > 0)
        {
            // Fail closed: images in a file that could not be read cannot be vouched for.
            GateExit.Fail(this);
            ThrowTerminatingError(new ErrorRecord(new ManifestReadException(StreamText.Safe(
                $"{_unreadable.Count} changed manifest(s) could not be read, so their images cannot be checked: {string.Join(", ", _unreadable.Distinct())}. " +
                "Fix them, exclude them with -Exclude, or pass -SkipUnreadable to go on without them.")),
                "ChangedManifestUnreadable", ErrorCategory.InvalidData, _unreadable.ToArray()));
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    private void WriteNotice(ScanNotice notice)
    {
        var text = StreamText.Safe(notice.ToString());
        switch (notice.Level)
        {
            case ScanNoticeLevel.Skip:
                WriteVerbose("Skipped " + text);
                break;
            case ScanNoticeLevel.Info:
                WriteVerbose(text);
                break;
            case ScanNoticeLevel.Error when SkipUnreadable:
            case ScanNoticeLevel.Warning:
                WriteWarning(text);
                break;
            default:
                _unreadable.Add(notice.File);
                WriteError(new ErrorRecord(new ManifestReadException(text), "ManifestUnreadable", ErrorCategory.InvalidData, notice.File));
                break;
        }
    }
}
