using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FluxOps.Core.Receiver;
using FluxOps.Core.Rollback;
using FluxOps.Core.Tests.Flux;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Receiver;

/// <summary>
/// A <see cref="RollbackReceiver"/> on a free loopback port over the fleet repository on the real git smart-HTTP server,
/// with its log lines captured and limits a test may tighten.
/// </summary>
internal sealed partial class ReceiverHarness : IDisposable
{
    public const string Key = "harness-hmac-key";
    private readonly List<string> _log = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private readonly TempDirectory _cache = new("fluxops-harness-cache");

    /// <param name="repositoryUrl">Where the receiver fetches and pushes instead of the fleet's remote (e.g. a port nothing listens on).</param>
    public ReceiverHarness(Action<ReceiverOptions>? configure = null, RollbackFleet? fleet = null, string? repositoryUrl = null)
    {
        Fleet = fleet ?? new RollbackFleet();
        Options = new ReceiverOptions { Port = 0, Address = "127.0.0.1" };
        configure?.Invoke(Options);
        var log = new ReceiverLog(line =>
        {
            lock (_log)
            {
                _log.Add(line);
            }
        });
        var policy = new RollbackPolicyOptions { Cooldown = TimeSpan.Zero, MaxRevertsPerWindow = 1000 };
        var engine = repositoryUrl is null ? Fleet.Engine(policy)
            : new RollbackEngine(GitRollbackRepository.ForUrl(repositoryUrl, "main", Fleet.Credential, _cache.Path), policy);
        Receiver = new RollbackReceiver(Options, Encoding.UTF8.GetBytes(Key), engine, log);
        Receiver.Start();
    }

    public RollbackFleet Fleet { get; }

    public ReceiverOptions Options { get; }

    public RollbackReceiver Receiver { get; }

    public int Port => Receiver.Port;

    public IReadOnlyList<string> Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToList();
            }
        }
    }

    public string PushBadCommit(string tag = "2.0.0") => Fleet.Push($"Bump web to {tag}", "apps/web.yaml", RollbackFleet.Web(tag));

    /// <summary>A HealthCheckFailed event for Kustomization flux-system/<paramref name="name"/> (its uid follows the name).</summary>
    public static string Event(string sha, string name = "apps", DateTimeOffset? timestamp = null) =>
        FluxEventSamples.Kustomization(reason: "HealthCheckFailed", revision: "main@sha1:" + sha, name: name,
            timestamp: timestamp?.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .Replace("7d0cdc51-ddcf-4743-b223-83ca5c699632", "uid-" + name, StringComparison.Ordinal);

    /// <summary>POSTs a signed event like notification-controller; returns the status, body and Retry-After.</summary>
    public async Task<(HttpStatusCode Status, string Text, TimeSpan? RetryAfter)> PostAsync(string body, string? key = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{Port}{Options.HookPath}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature", FluxEventSamples.Sign(body, key));
        }

        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.Delta);
    }

    public async Task<HttpStatusCode> HealthAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{Port}/healthz"), cancel.Token);
        return response.StatusCode;
    }

    /// <summary>Sum of a Prometheus counter's samples whose labels contain every given label pair.</summary>
    public long Metric(string name, params string[] labels)
    {
        long total = 0;
        foreach (var line in Receiver.Metrics.ToPrometheusText().Split('\n'))
        {
            var match = Sample().Match(line);
            if (match.Success && match.Groups["name"].Value == name && labels.All(l => match.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            {
                total += long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    public void Dispose()
    {
        Receiver.Dispose();
        _http.Dispose();
        Fleet.Dispose();
        _cache.Dispose();
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\d+)$")]
    private static partial Regex Sample();
}
