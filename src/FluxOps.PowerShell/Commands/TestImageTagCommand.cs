using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using FluxOps.Core.Registry;
using FluxOps.Core.Reporting;
using FluxOps.Models;
using FluxOps.PowerShell.Internal;

namespace FluxOps.PowerShell.Commands;

/// <summary>
/// Checks that every image reference exists in its registry. Thin: binds input, hands references to the Core
/// batch checker (which works on the thread pool) and writes results, progress and verbose text from the
/// pipeline thread only.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ImageTag", HelpUri = HelpLinks.Base + "Test-ImageTag.md")]
[OutputType(typeof(ImageCheckResult))]
public sealed class TestImageTagCommand : PSCmdlet, IDisposable
{
    private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
    private ImageCheckRun? _run;

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    [Alias("Reference")]
    public string[] Image { get; set; } = [];

    /// <summary>Carried through to the result (Get-ChangedImages sets it).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? File { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int Line { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? AuthFile { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PlatformCompleter))]
    public string[] Platform { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] PlainHttp { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] SkipTlsVerify { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = 32;

    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 30;

    [Parameter]
    [ValidateRange(0, 10)]
    public int RetryCount { get; set; } = 2;

    [Parameter]
    public SwitchParameter FailOnMissing { get; set; }

    /// <summary>Do not read a repository's tag list to name the nearest existing tags when a tag is missing.</summary>
    [Parameter]
    public SwitchParameter NoTagList { get; set; }

    /// <summary>CI annotation lines for failed checks: Auto picks GitHub Actions or Azure Pipelines from the environment.</summary>
    [Parameter]
    [ValidateSet("Auto", "GitHubActions", "AzurePipelines", "None")]
    public string Annotate { get; set; } = "Auto";

    // A delegate, not a CiSystem field: a value-type field from FluxOps.Core would make PowerShell load Core while it
    // inspects the cmdlet during Import-Module, before the module's private load context is in place.
    private Func<ImageCheckResult, string?> _annotationFor = _ => null;

    protected override void BeginProcessing()
    {
        var system = Annotate == "Auto" ? CiSystemDetector.Detect(Environment.GetEnvironmentVariable) : Enum.Parse<CiSystem>(Annotate);
        _annotationFor = result => CiAnnotationFormatter.Format(result, system);
        if (Platform.FirstOrDefault(p => p.Split('/') is not { Length: 2 or 3 } parts || parts.Any(string.IsNullOrWhiteSpace)) is { } platform)
        {
            ThrowTerminatingError(ErrorRecords.InvalidArgument("PlatformInvalid", $"'{platform}' is not a platform: write os/architecture[/variant], e.g. linux/arm64.", platform));
        }

        var options = new RegistryClientOptions
        {
            PlainHttpHosts = PlainHttp,
            SkipTlsVerifyHosts = SkipTlsVerify,
            RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
            RetryCount = RetryCount,
            PerHostLimit = ThrottleLimit,
            Platforms = Platform,
            ListTagsWhenMissing = !NoTagList,
        };
        var explicitCredential = Credential is null ? null : new RegistryCredential("-Credential", Credential.UserName, Credential.GetNetworkCredential().Password);
        try
        {
            var authFile = AuthFile is null ? null : GetUnresolvedProviderPathFromPSPath(AuthFile);
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            _run = new ImageCheckRun(options, log => new CredentialResolver(explicitCredential, authFile, EnvironmentVariables(), home, log), IsVerbose());
        }
        catch (FileNotFoundException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "AuthFileNotFound", ErrorCategory.ObjectNotFound, AuthFile));
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var reference in Image)
        {
            if (_run!.Submit(reference, File, Line) is { } invalid)
            {
                WriteError(ErrorRecords.InvalidArgument("ImageReferenceInvalid", StreamText.Safe(invalid), reference));
            }
        }

        WriteReady(wait: false);
    }

    protected override void EndProcessing()
    {
        WriteReady(wait: true);
        WriteProgress(new ProgressRecord(1, "Test-ImageTag", "Done") { RecordType = ProgressRecordType.Completed });
        if (FailOnMissing && _run!.Failure() is { } failure)
        {
            GateExit.Fail(this);
            ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(StreamText.Safe(failure.Message)), failure.ErrorId,
                failure.CouldNotVerifyOnly ? ErrorCategory.ConnectionError : ErrorCategory.ObjectNotFound, failure.Targets.ToArray()));
        }
    }

    protected override void StopProcessing() => _run?.Cancel();

    public void Dispose() => _run?.Dispose();

    /// <summary>Writes finished results in input order; with <paramref name="wait"/>, until none is left.</summary>
    private void WriteReady(bool wait)
    {
        foreach (var result in _run!.Ready(wait, whileWaiting: () => { FlushVerbose(); ReportProgress(); }))
        {
            if (result.Status != ImageCheckStatus.Exists && _annotationFor(result) is { } annotation)
            {
                // Shown like Write-Host, so the line reaches the CI log's stdout where the runner turns it into an annotation.
                WriteInformation(new HostInformationMessage { Message = annotation }, ["PSHOST", "FluxOps.CiAnnotation"]);
            }

            if (result.TagDigest is not null)
            {
                WriteWarning(StreamText.Safe($"{result.Image}: the tag '{result.Tag}' now points to {result.TagDigest}, not the pinned digest {result.Digest}."));
            }

            FlushVerbose();
            WriteObject(result);
        }

        FlushVerbose();
        ReportProgress();
    }

    private void ReportProgress()
    {
        if (_run!.Submitted == 0 || _sinceProgress.ElapsedMilliseconds < 200)
        {
            return;
        }

        _sinceProgress.Restart();
        WriteProgress(new ProgressRecord(1, "Test-ImageTag", $"{_run.Written} of {_run.Submitted} images checked ({_run.DistinctCount} distinct)")
        {
            PercentComplete = Math.Min(100, _run.Written * 100 / _run.Submitted),
        });
    }

    private void FlushVerbose()
    {
        foreach (var line in _run!.DrainLog())
        {
            WriteVerbose(StreamText.Safe(line));
        }
    }

    private bool IsVerbose() => MyInvocation.BoundParameters.TryGetValue("Verbose", out var value)
        ? ((SwitchParameter)value).IsPresent
        : GetVariableValue("VerbosePreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue;

    private static Dictionary<string, string?> EnvironmentVariables() => Environment.GetEnvironmentVariables()
        .Cast<DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);
}
