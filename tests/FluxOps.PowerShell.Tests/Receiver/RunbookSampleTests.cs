using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Receiver;

/// <summary>
/// The sample runbook run in a real pwsh with a $WebhookData shaped like Azure's (WebhookName, RequestBody as the body
/// string, RequestHeader as an object). Get-AutomationVariable/Get-AutomationPSCredential are what the Automation sandbox
/// provides; here they are defined in the session and read the test's values.
/// </summary>
public sealed class RunbookSampleTests : IDisposable
{
    private const string Key = "runbook-hmac-key";
    private readonly FluxRepoScenario _scenario = new();
    private readonly TempDirectory _cache = new("fluxops-runbook-cache");

    public RunbookSampleTests() => FluxFleet.Seed(_scenario);

    private static string RunbookPath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FluxOps.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir!.FullName, "module", "samples", "Invoke-FluxOpsRollback.Runbook.ps1");
        }
    }

    private (int ExitCode, string Output) RunRunbook(string body, string signature, string arguments = "", string? password = null, string? apiUrl = null)
    {
        using var process = PwshProcess.Start(
            "function Get-AutomationVariable($Name) { @{ FluxOpsHmacKey = $env:T_KEY; FluxOpsRepositoryUrl = $env:T_URL }[$Name] }; " +
            "function Get-AutomationPSCredential($Name) { [pscredential]::new($env:T_USER, (ConvertTo-SecureString $env:T_PASS -AsPlainText -Force)) }; " +
            "$WebhookData = [pscustomobject]@{ WebhookName = 'flux-alerts'; RequestBody = $env:T_BODY; " +
            "RequestHeader = [pscustomobject]@{ 'Content-Type' = 'application/json'; 'Gotk-Component' = 'kustomize-controller'; 'X-Signature' = $env:T_SIG; 'User-Agent' = 'Go-http-client/1.1' } }; " +
            "& $env:T_RUNBOOK -WebhookData $WebhookData -Cooldown 0 " + arguments + "; " +
            // Whether the native git library was mapped into this process (REST mode must never need it).
            "if (Select-String -Path /proc/$PID/maps -Pattern 'libgit2' -SimpleMatch -Quiet) { 'native-libgit2: loaded' } else { 'native-libgit2: not loaded' }",
            new Dictionary<string, string?>
            {
                // The runbook imports FluxOps by name, as in a runtime environment: only the freshly built module is
                // on the path (a private XDG_DATA_HOME hides copies installed in the user's module folder).
                ["PSModulePath"] = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(ModuleSession.ModuleManifestPath))),
                ["XDG_DATA_HOME"] = _cache.Combine("data"),
                ["XDG_CACHE_HOME"] = _cache.Path,
                ["T_KEY"] = Key,
                ["T_URL"] = _scenario.Url,
                ["T_USER"] = _scenario.Server.User,
                ["T_PASS"] = password ?? _scenario.Server.Password,
                ["T_API"] = apiUrl,
                ["T_BODY"] = body,
                ["T_SIG"] = signature,
                ["T_RUNBOOK"] = RunbookPath,
            });
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), process.Output);
        Thread.Sleep(200); // let the asynchronous output readers drain
        return (process.ExitCode, process.Output);
    }

    [Fact]
    public void A_signed_webhook_reverts_the_bad_commit_and_logs_one_json_line()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var body = FluxEventFactory.Kustomization(bad);

        var (exitCode, output) = RunRunbook(body, FluxEventFactory.Sign(body, Key));

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"outcome\":\"Reverted\"", output, StringComparison.Ordinal);
        Assert.Contains("native-libgit2: loaded", output, StringComparison.Ordinal); // git mode: the control for the REST test's probe
        Assert.Contains($"Fluxops-Reverts: {bad}", _scenario.RemoteMessage("main"), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, output, StringComparison.Ordinal);

        var (secondExit, second) = RunRunbook(body, FluxEventFactory.Sign(body, Key));
        Assert.True(secondExit == 0, second);
        Assert.Contains("\"reason\":\"AlreadyReverted\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public void REST_mode_reverts_through_the_service_API_without_ever_loading_native_git()
    {
        const string Token = "runbook-api-token-4e3d2c1b";
        using var host = new FakeGitHostServer(_scenario.BarePath, Token);
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var body = FluxEventFactory.Kustomization(bad);
        const string Rest = "-Provider AzureDevOps -HostedRepository acme/platform/fleet -ApiUrl $env:T_API";

        var (exitCode, output) = RunRunbook(body, FluxEventFactory.Sign(body, Key), Rest, Token, host.AzureDevOpsApiUrl);
        var (secondExit, second) = RunRunbook(body, FluxEventFactory.Sign(body, Key), Rest, Token, host.AzureDevOpsApiUrl);

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"outcome\":\"Reverted\"", output, StringComparison.Ordinal);
        Assert.Contains("native-libgit2: not loaded", output, StringComparison.Ordinal);
        Assert.Contains($"Fluxops-Reverts: {bad}", _scenario.RemoteMessage("main"), StringComparison.Ordinal);
        Assert.True(secondExit == 0, second);
        Assert.Contains("\"reason\":\"AlreadyReverted\"", second, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, output + second, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forged_webhook_fails_the_job_and_changes_nothing()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var refs = _scenario.RemoteRefs;
        var body = FluxEventFactory.Kustomization(bad);

        var (exitCode, output) = RunRunbook(body, FluxEventFactory.Sign(body, "not-the-key"));

        Assert.NotEqual(0, exitCode);
        Assert.Contains("\"reason\":\"SignatureMismatch\"", output, StringComparison.Ordinal);
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    public void Dispose()
    {
        _scenario.Dispose();
        _cache.Dispose();
    }
}
