using System.Collections.Concurrent;
using System.Diagnostics;
using FluxOps.Models;

namespace FluxOps.Core.Registry;

/// <summary>
/// Checks many references: identical normalized references cost one check while every input still gets its own
/// result (with its own File/Line); registries are asked in parallel, each host at most
/// <see cref="RegistryClientOptions.PerHostLimit"/> at a time; connections and tokens are shared by the run.
/// Nothing here writes to a console: results come back as tasks the caller drains on its own thread.
/// </summary>
internal sealed class ImageCheckBatch : IDisposable
{
    private readonly RegistryTransport _transport;
    private readonly ManifestChecker _checker;
    private readonly TagLister _tags;
    private readonly ConcurrentDictionary<string, Lazy<Task<TagList>>> _tagLists = new(StringComparer.Ordinal);
    private readonly RegistryClientOptions _options;
    private readonly CredentialResolver _credentials;
    private readonly ConcurrentDictionary<string, Task<(ManifestOutcome Outcome, long ElapsedMs)>> _checks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _hostLimits = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cancellation = new();

    public ImageCheckBatch(RegistryClientOptions options, CredentialResolver credentials, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credentials);
        _options = options;
        _credentials = credentials;
        _transport = new RegistryTransport(options, log);
        _checker = new ManifestChecker(_transport, new RegistryAuthenticator(_transport, credentials.Resolve), options);
        _tags = new TagLister(_checker.SendAsync, options.TagPageSize);
    }

    /// <summary>Distinct normalized references asked so far (what the registry actually sees).</summary>
    public int DistinctCount => _checks.Count;

    /// <summary>Starts (or joins) the check for <paramref name="name"/>; the task never faults, it answers Unknown instead.</summary>
    public Task<ImageCheckResult> Submit(ImageName name, string? file = null, int line = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        var check = _checks.GetOrAdd(name.Canonical, _ => Task.Run(() => RunAsync(name), _cancellation.Token));
        return check.ContinueWith(done => ToResult(name, file, line, done), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Stops every request in flight (Ctrl+C); pending results answer Unknown "cancelled".</summary>
    public void Cancel() => _cancellation.Cancel();

    public void Dispose()
    {
        _cancellation.Cancel();
        _transport.Dispose();
        _cancellation.Dispose();
        foreach (var limit in _hostLimits.Values)
        {
            limit.Dispose();
        }
    }

    private async Task<(ManifestOutcome, long)> RunAsync(ImageName name)
    {
        var limit = _hostLimits.GetOrAdd(name.ApiHost, _ => new SemaphoreSlim(Math.Max(1, _options.PerHostLimit)));
        await limit.WaitAsync(_cancellation.Token).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        try
        {
            var outcome = await _checker.CheckAsync(name, _cancellation.Token).ConfigureAwait(false);
            if (_options.ListTagsWhenMissing && MissingTag(name, outcome))
            {
                // Only after a clean NotFound: when every image exists, no tag list is ever asked for.
                outcome = Nearest(name, outcome, await TagsOf(name).ConfigureAwait(false));
            }

            return (outcome, watch.ElapsedMilliseconds);
        }
        finally
        {
            limit.Release();
        }
    }

    private static bool MissingTag(ImageName name, ManifestOutcome outcome) =>
        outcome.Status == ImageCheckStatus.NotFound && name.Tag is not null && name.Digest is null && outcome.Digest is null;

    /// <summary>One tag list per repository for the run, however many of its tags are missing at once; it never faults.</summary>
    private Task<TagList> TagsOf(ImageName name) =>
        _tagLists.GetOrAdd($"{name.Registry}/{name.Repository}", _ => new Lazy<Task<TagList>>(() => ListTagsAsync(name))).Value;

    private async Task<TagList> ListTagsAsync(ImageName name)
    {
        try
        {
            return await _tags.ListAsync(name, _cancellation.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RegistryAuthException or RegistryUnavailableException or InvalidOperationException or HttpRequestException)
        {
            return TagList.Unavailable; // the check's own answer stands
        }
    }

    private static ManifestOutcome Nearest(ImageName name, ManifestOutcome outcome, TagList list)
    {
        var where = $"{name.Registry}/{name.Repository}";
        if (list.RepositoryMissing)
        {
            return outcome with { Error = $"{name.Repository}:{name.Tag} not found: the repository {where} does not exist." };
        }

        if (list.Tags.Count == 0)
        {
            return list.Truncated ? outcome : outcome with { Error = $"{name.Repository}:{name.Tag} not found: {where} has no tags." };
        }

        var (tags, label) = NearestTags.For(name.Tag!, list.Tags);
        var partial = list.Truncated ? $" (of the first {list.Tags.Count} tags listed)" : string.Empty;
        return outcome with { NearestTags = tags, Error = $"{name.Repository}:{name.Tag} not found in {name.Registry}; {label}: {string.Join(", ", tags)}{partial}." };
    }

    private ImageCheckResult ToResult(ImageName name, string? file, int line, Task<(ManifestOutcome Outcome, long ElapsedMs)> done)
    {
        var (outcome, elapsed) = done.Status == TaskStatus.RanToCompletion
            ? done.Result
            : (ManifestOutcome.Unknown(done.IsCanceled ? "Cancelled before the registry answered." : "Unexpected failure: " + done.Exception?.GetBaseException().Message), 0L);
        return new ImageCheckResult
        {
            Image = name.Original,
            Status = outcome.Status,
            Registry = name.Registry,
            Repository = name.Repository,
            Tag = name.Tag,
            Digest = outcome.Digest,
            MediaType = outcome.MediaType,
            Platforms = outcome.Platforms,
            TagDigest = outcome.TagDigest,
            NearestTags = outcome.NearestTags,
            Error = _credentials.Redact(outcome.Error),
            File = file,
            Line = line,
            ElapsedMs = elapsed,
        };
    }
}
