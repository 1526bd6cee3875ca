using System.Collections.Concurrent;
using FluxOps.Core.Reporting;
using FluxOps.Models;

namespace FluxOps.Core.Registry;

/// <summary>
/// One Test-ImageTag run: references go in as they arrive, results come out in input order as soon as they are ready,
/// and the run keeps the tally the gate decides from. Checks run on the thread pool; nothing here writes to a console,
/// so the caller drains results and log lines on its own (pipeline) thread.
/// </summary>
internal sealed class ImageCheckRun : IDisposable
{
    private readonly ImageCheckBatch _batch;
    private readonly Queue<Task<ImageCheckResult>> _pending = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly List<ImageCheckResult> _failed = [];
    private readonly List<string> _invalid = [];

    /// <param name="credentials">Builds the run's credential resolver, given the thread-safe log it may write to.</param>
    public ImageCheckRun(RegistryClientOptions options, Func<Action<string>?, CredentialResolver> credentials, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Action<string>? log = verbose ? _log.Enqueue : null;
        _batch = new ImageCheckBatch(options, credentials(log), log);
    }

    public int Submitted { get; private set; }

    public int Written { get; private set; }

    public int DistinctCount => _batch.DistinctCount;

    /// <summary>Starts the check of one reference; returns why it is not a reference instead (and counts it against the gate).</summary>
    public string? Submit(string? reference, string? file, int line)
    {
        if (!ImageNameParser.TryParse(reference, out var name, out var error))
        {
            _invalid.Add(reference ?? string.Empty);
            return $"'{reference}' is not a valid image reference: {error}";
        }

        _pending.Enqueue(_batch.Submit(name!, file, line));
        Submitted++;
        return null;
    }

    /// <summary>
    /// Finished results in input order. With <paramref name="wait"/>, until none is left, calling <paramref name="whileWaiting"/>
    /// every 100 ms so the caller can pass on log lines and progress.
    /// </summary>
    public IEnumerable<ImageCheckResult> Ready(bool wait, Action? whileWaiting = null)
    {
        while (_pending.Count > 0)
        {
            var next = _pending.Peek();
            if (!next.IsCompleted)
            {
                if (!wait)
                {
                    yield break;
                }

                next.Wait(TimeSpan.FromMilliseconds(100));
                whileWaiting?.Invoke();
                continue;
            }

            _pending.Dequeue();
            Written++;
            if (next.Result.Status != ImageCheckStatus.Exists)
            {
                _failed.Add(next.Result);
            }

            yield return next.Result;
        }
    }

    /// <summary>Log lines the checks produced since the last call (only with verbose).</summary>
    public IEnumerable<string> DrainLog()
    {
        while (_log.TryDequeue(out var line))
        {
            yield return line;
        }
    }

    /// <summary>The gate's verdict over everything written so far: null when every reference exists.</summary>
    public GateFailure? Failure() => FailureSummary.Create(_failed, _invalid, Written + _invalid.Count);

    public void Cancel() => _batch.Cancel();

    public void Dispose() => _batch.Dispose();
}
