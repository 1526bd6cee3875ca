using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace FluxOps.Core.Processes;

/// <summary>
/// The one place FluxOps starts another program (the BannedApiAnalyzers rule keeps it that way). The program gets an
/// argument list (no shell ever parses it), a closed standard input after the caller's text, a deadline after which
/// it and every process it started are killed, and output pipes that are always drained but only kept up to a cap.
/// </summary>
internal static class ProcessRunner
{
    /// <summary>ErrorId when the program is not installed (not found on PATH).</summary>
    public const string NotInstalled = "ProgramNotInstalled";

    /// <summary>ErrorId when the program exists but could not be started (not executable, missing working folder).</summary>
    public const string NotStarted = "ProgramNotStarted";

    /// <summary>ErrorId when the program did not finish before the request's timeout and was killed.</summary>
    public const string TimedOut = "ProgramTimedOut";

    // After the program exits its pipes normally close at once; a grandchild it left behind may keep them open.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(5);

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Runs the program to completion. A non-zero exit code is a result, not an exception.</summary>
    /// <exception cref="FluxOpsException"><see cref="NotInstalled"/>, <see cref="NotStarted"/> or <see cref="TimedOut"/>.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the program was killed first.</exception>
    public static ProcessResult Run(ProcessRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var redact = request.Redact ?? (text => text);
        using var process = Start(request, redact);
        var stdout = new BoundedCapture(request.MaxOutputChars);
        var stderr = new BoundedCapture(request.MaxOutputChars);
        var pumps = new[]
        {
            BoundedCapture.PumpAsync(process.StandardOutput, stdout),
            BoundedCapture.PumpAsync(process.StandardError, stderr),
            WriteInputAsync(process.StandardInput, request.StandardInput),
        };

        using var deadline = new CancellationTokenSource(request.Timeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            process.WaitForExitAsync(stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            Task.WaitAll(pumps, DrainGrace);
            cancellationToken.ThrowIfCancellationRequested();
            throw new FluxOpsException(TimedOut, FailureKind.LimitsExceeded,
                redact($"{request.Describe()} did not finish within {request.Timeout.TotalSeconds:0.#} s and was stopped."), request.Program);
        }

        Task.WaitAll(pumps, DrainGrace);
        return new ProcessResult(process.ExitCode, redact(stdout.Text()), redact(stderr.Text()), stdout.Truncated, stderr.Truncated);
    }

    private static Process Start(ProcessRequest request, Func<string, string> redact)
    {
        var info = new ProcessStartInfo(request.Program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            CreateNoWindow = true,
        };
        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in request.Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        if (request.WorkingDirectory is { } directory)
        {
            if (!Directory.Exists(directory))
            {
                throw new FluxOpsException(NotStarted, FailureKind.InvalidArgument,
                    redact($"Could not run {request.Describe()}: the folder '{directory}' does not exist."), directory);
            }

            info.WorkingDirectory = directory;
        }

        try
        {
            return Process.Start(info) ?? throw new FluxOpsException(NotStarted, FailureKind.InvalidOperation,
                redact($"Could not start {request.Describe()}."), request.Program);
        }
        catch (Win32Exception ex) when (ex.NativeErrorCode == 2)
        {
            // ENOENT (and ERROR_FILE_NOT_FOUND on Windows): nothing by that name on PATH.
            throw new FluxOpsException(NotInstalled, FailureKind.ObjectNotFound,
                redact($"'{request.Program}' is not installed or not on PATH (needed for {request.Describe()})."), request.Program, ex);
        }
        catch (Win32Exception ex)
        {
            throw new FluxOpsException(NotStarted, FailureKind.InvalidOperation,
                redact($"Could not start {request.Describe()}: {ex.Message}"), request.Program, ex);
        }
    }

    // Written on its own task: a child that does not read its input must not block the runner on a full pipe.
    private static async Task WriteInputAsync(StreamWriter input, string? text)
    {
        try
        {
            if (!string.IsNullOrEmpty(text))
            {
                await input.WriteAsync(text).ConfigureAwait(false);
                await input.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The child exited without reading everything: that is its answer to give, not ours.
        }
        finally
        {
            try
            {
                input.Close();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // Already gone with the child.
            }
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(DrainGrace);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It exited between the deadline and the kill.
        }
    }
}
