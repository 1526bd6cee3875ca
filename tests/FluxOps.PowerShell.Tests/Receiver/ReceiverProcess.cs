using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>Start-FluxRollbackReceiver running in its own pwsh process against the scenario's git smart-HTTP remote.</summary>
internal sealed partial class ReceiverProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TempDirectory _cache = new("fluxops-receiver-cache");

    /// <param name="repositoryArguments">Where the receiver acts; by default the scenario's remote through a cache clone.</param>
    /// <param name="environment">More variables for the receiver's process (e.g. GITHUB_TOKEN, as a Secret would set it).</param>
    public ReceiverProcess(FluxRepoScenario scenario, string key, string extraArguments = "", string repositoryArguments = "-RepositoryUrl $env:T_URL -Credential $cred",
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        Port = FreePort.Next();
        var variables = new Dictionary<string, string?>
        {
            ["FLUXOPS_TEST_MODULE"] = ModuleSession.ModuleManifestPath,
            ["T_USER"] = scenario.Server.User,
            ["T_PASS"] = scenario.Server.Password,
            ["T_KEY"] = key,
            ["T_URL"] = scenario.Url,
            ["T_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
            ["XDG_CACHE_HOME"] = _cache.Path,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            variables[name] = value;
        }

        Process = PwshProcess.Start(
            "$ErrorActionPreference = 'Stop'; Import-Module $env:FLUXOPS_TEST_MODULE; " +
            "$cred = [pscredential]::new($env:T_USER, (ConvertTo-SecureString $env:T_PASS -AsPlainText -Force)); " +
            "Start-FluxRollbackReceiver -Port $env:T_PORT -Secret (ConvertTo-SecureString $env:T_KEY -AsPlainText -Force) " +
            repositoryArguments + " -Confirm:$false " + extraArguments,
            variables);
        Wait.ForPort(Port, Process, "Start-FluxRollbackReceiver", TimeSpan.FromSeconds(60));
    }

    public int Port { get; }

    public BackgroundProcess Process { get; }

    public string HookUrl => $"http://127.0.0.1:{Port}/hooks/flux";

    public HttpStatusCode Post(string body, string? signature, string path = "/hooks/flux", string method = "POST")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"http://127.0.0.1:{Port}{path}");
        if (method != "GET")
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature", signature);
        }

        request.Headers.TryAddWithoutValidation("Gotk-Component", "kustomize-controller");
        using var response = Http.Send(request);
        return response.StatusCode;
    }

    public string Get(string path) => Http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}{path}")).GetAwaiter().GetResult();

    /// <summary>Sum of a Prometheus counter's samples whose labels contain every given label pair.</summary>
    public long Metric(string name, params string[] labels)
    {
        long total = 0;
        foreach (var line in Get("/metrics").Split('\n'))
        {
            var match = Sample().Match(line);
            if (match.Success && match.Groups["name"].Value == name && labels.All(l => match.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            {
                total += long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    /// <summary>Waits (bounded) until the receiver has decided at least <paramref name="count"/> events.</summary>
    public void WaitForDecisions(long count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (Metric("fluxops_rollback_decisions_total") < count)
        {
            if (DateTime.UtcNow > deadline || Process.HasExited)
            {
                throw new TimeoutException($"Only {Metric("fluxops_rollback_decisions_total")} of {count} decisions. Output:\n{Process.Output}");
            }

            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        Process.Dispose();
        _cache.Dispose();
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\d+)$")]
    private static partial Regex Sample();
}
