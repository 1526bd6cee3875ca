using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using FluxOps.Core.Registry;
using FluxOps.Core.Reporting;
using FluxOps.Models;

namespace FluxOps.PowerShell.Commands;

/// <summary>
/// Checks that every image reference exists in its registry. Thin: binds input, hands references to the Core
/// batch checker (which works on the thread pool) and writes results, progress and verbose text from the
/// pipeline thread only.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ImageTag")]
[OutputType(typeof(ImageCheckResult))]
public sealed class TestImageTagCommand : PSCmdlet, IDisposable
{
    private readonly Queue<Task<ImageCheckResult>> _pending = new();
    private readonly ConcurrentQueue<string> _verbose = new();
    private readonly List<ImageCheckResult> _failed = [];
    private readonly List<string> _invalid = [];
    private readonly Stopwatch _sinceProgress = Stopwatch.StartNew();
    private ImageCheckBatch? _batch;
    private int _submitted;
    private int _written;

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

        foreach (var platform in Platform)
        {
            if (platform.Split('/') is not { Length: 2 or 3 } parts || parts.Any(string.IsNullOrWhiteSpace))
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"'{platform}' is not a platform: write os/architecture[/variant], e.g. linux/arm64."),
                    "PlatformInvalid", ErrorCategory.InvalidArgument, platform));
            }
        }

        var options = new RegistryClientOptions
        {
            PlainHttpHosts = PlainHttp,
            SkipTlsVerifyHosts = SkipTlsVerify,
            RequestTimeout = TimeSpan.FromSeconds(TimeoutSec),
            RetryCount = RetryCount,
            PerHostLimit = ThrottleLimit,
            Platforms = Platform,
        };
        Action<string>? log = IsVerbose() ? _verbose.Enqueue : null;
        var explicitCredential = Credential is null
            ? null
            : new RegistryCredential("-Credential", Credential.UserName, Credential.GetNetworkCredential().Password);
        CredentialResolver resolver;
        try
        {
            resolver = new CredentialResolver(explicitCredential, AuthFile is null ? null : GetUnresolvedProviderPathFromPSPath(AuthFile),
                EnvironmentVariables(), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), log);
        }
        catch (FileNotFoundException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "AuthFileNotFound", ErrorCategory.ObjectNotFound, AuthFile));
            return;
        }

        _batch = new ImageCheckBatch(options, resolver, log);
    }

    protected override void ProcessRecord()
    {
        foreach (var reference in Image)
        {
            if (!ImageNameParser.TryParse(reference, out var name, out var error))
            {
                WriteError(new ErrorRecord(new ArgumentException($"'{reference}' is not a valid image reference: {error}"),
                    "ImageReferenceInvalid", ErrorCategory.InvalidArgument, reference));
                _invalid.Add(reference ?? string.Empty);
                continue;
            }

            _pending.Enqueue(_batch!.Submit(name!, File, Line));
            _submitted++;
        }

        WriteReady(wait: false);
    }

    protected override void EndProcessing()
    {
        WriteReady(wait: true);
        WriteProgress(new ProgressRecord(1, "Test-ImageTag", "Done") { RecordType = ProgressRecordType.Completed });
        // A typo'd reference must not slip through the gate just because it could not be asked about.
        if (FailOnMissing && (_failed.Count > 0 || _invalid.Count > 0))
        {
            ThrowTerminatingError(FailureSummary.Create(_failed, _invalid, _written + _invalid.Count));
        }
    }

    protected override void StopProcessing() => _batch?.Cancel();

    public void Dispose() => _batch?.Dispose();

    /// <summary>Writes finished results in input order; with <paramref name="wait"/>, until none is left.</summary>
    private void WriteReady(bool wait)
    {
        while (_pending.Count > 0)
        {
            var next = _pending.Peek();
            if (!next.IsCompleted)
            {
                if (!wait)
                {
                    break;
                }

                // Wake up now and then to pass on verbose text and progress while the workers run.
                next.Wait(TimeSpan.FromMilliseconds(100));
                FlushVerbose();
                ReportProgress();
                continue;
            }

            _pending.Dequeue();
            var result = next.Result;
            _written++;
            if (result.Status != ImageCheckStatus.Exists)
            {
                _failed.Add(result);
                WriteAnnotation(result);
            }

            if (result.TagDigest is not null)
            {
                WriteWarning($"{result.Image}: the tag '{result.Tag}' now points to {result.TagDigest}, not the pinned digest {result.Digest}.");
            }

            FlushVerbose();
            WriteObject(result);
        }

        FlushVerbose();
        ReportProgress();
    }

    // Shown like Write-Host, so the line reaches the CI log's stdout where the runner turns it into an annotation.
    private void WriteAnnotation(ImageCheckResult result)
    {
        if (_annotationFor(result) is { } line)
        {
            WriteInformation(new HostInformationMessage { Message = line }, ["PSHOST", "FluxOps.CiAnnotation"]);
        }
    }

    private void ReportProgress()
    {
        if (_submitted == 0 || _sinceProgress.ElapsedMilliseconds < 200)
        {
            return;
        }

        _sinceProgress.Restart();
        WriteProgress(new ProgressRecord(1, "Test-ImageTag", $"{_written} of {_submitted} images checked ({_batch?.DistinctCount} distinct)")
        {
            PercentComplete = Math.Min(100, _written * 100 / _submitted),
        });
    }

    private void FlushVerbose()
    {
        while (_verbose.TryDequeue(out var message))
        {
            WriteVerbose(message);
        }
    }

    private bool IsVerbose() => MyInvocation.BoundParameters.TryGetValue("Verbose", out var value)
        ? ((SwitchParameter)value).IsPresent
        : GetVariableValue("VerbosePreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue;

    private static Dictionary<string, string?> EnvironmentVariables() => Environment.GetEnvironmentVariables()
        .Cast<DictionaryEntry>()
        .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);
}
