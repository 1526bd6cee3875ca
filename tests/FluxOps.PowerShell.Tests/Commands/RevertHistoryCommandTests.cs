using System.Security;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// Get-FluxRevertHistory, Resume-FluxImageAutomation (fed from it) and Get-FluxBadCommit -Until, in an in-process
/// PowerShell against the real git smart-HTTP server.
/// </summary>
public sealed class RevertHistoryCommandTests : IDisposable
{
    private readonly ModuleSession _session = new();
    private readonly FluxRepoScenario _scenario = new();
    private readonly GitWorkTree _clone;

    public RevertHistoryCommandTests()
    {
        FluxFleet.Seed(_scenario);
        _clone = _scenario.NewClone();
    }

    private SessionResult Run(string script, params (string Name, object? Value)[] extra)
    {
        var secure = new SecureString();
        foreach (var c in _scenario.Server.Password)
        {
            secure.AppendChar(c);
        }

        var variables = new Dictionary<string, object?>
        {
            ["path"] = _clone.Path,
            ["cred"] = new System.Management.Automation.PSCredential(_scenario.Server.User, secure),
        };
        foreach (var (name, value) in extra)
        {
            variables[name] = value;
        }

        return _session.Run(script, variables);
    }

    private string BumpAndRevert(string tag, string reason)
    {
        var bad = _scenario.Push("Update from image update automation", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web(tag) });
        _scenario.Pull(_clone);
        var result = Run("Invoke-FluxRevert $sha -Path $path -Credential $cred -Reason $reason -Confirm:$false", ("sha", bad), ("reason", reason));
        Assert.Empty(result.Errors);
        _scenario.SyncPublisher();
        return bad;
    }

    [Fact]
    public void History_lists_the_reverts_with_who_and_why_and_Since_narrows_it()
    {
        var bad = BumpAndRevert("2.0.0", "web 2.0.0 crash-loops");

        var result = Run("Get-FluxRevertHistory -Path $path; Get-FluxRevertHistory -Path $path -Since (Get-Date).AddMinutes(5)");

        Assert.Empty(result.Errors);
        var record = Assert.Single(result.Output);
        Assert.Equal("FluxOps.Models.RevertRecord", record.BaseObject.GetType().FullName);
        Assert.Equal(_clone.Head, record.Properties["RevertSha"].Value);
        Assert.Equal("Manual", record.Properties["Trigger"].Value?.ToString());
        Assert.Equal("Ops Engineer <ops@example.test>", record.Properties["DecidedBy"].Value);
        Assert.Equal("web 2.0.0 crash-loops", record.Properties["Reason"].Value);
        Assert.Equal(new[] { bad }, (IEnumerable<string>)record.Properties["RevertedShas"].Value);
        Assert.Equal(new[] { "ghcr.io/acme/web:2.0.0" }, (IEnumerable<string>)record.Properties["BadImages"].Value);
    }

    [Fact]
    public void History_piped_into_Resume_restores_what_those_reverts_paused_after_a_WhatIf_that_changes_nothing()
    {
        var seeded = _scenario.RemoteFile("main", "apps/web.yaml");
        var bad = BumpAndRevert("2.0.0", "web 2.0.0 crash-loops");
        _scenario.Pull(_clone);
        var refs = _scenario.RemoteRefs;

        var whatIf = Run("Get-FluxRevertHistory -Path $path | Resume-FluxImageAutomation -Credential $cred -WhatIf");
        Assert.Empty(whatIf.Errors);
        Assert.Empty(whatIf.Output);
        Assert.Equal(refs, _scenario.RemoteRefs);

        var result = Run("Get-FluxRevertHistory -Path $path | Resume-FluxImageAutomation -Credential $cred -Confirm:$false");

        Assert.Empty(result.Errors);
        var marker = Assert.Single(result.Output);
        Assert.Equal("FluxOps.Models.ResumedMarker", marker.BaseObject.GetType().FullName);
        Assert.Equal(("apps/web.yaml", 9, "flux-system:web", bad[..7]), ((string)marker.Properties["File"].Value, (int)marker.Properties["Line"].Value,
            (string)marker.Properties["Policy"].Value, (string)marker.Properties["PausedAfter"].Value));
        Assert.Equal(_scenario.RemoteHead, marker.Properties["ResumeSha"].Value);
        Assert.Equal(seeded, _scenario.RemoteFile("main", "apps/web.yaml"));
        Assert.Contains(result.Information, i => i.Contains("flux reconcile kustomization apps -n flux-system", StringComparison.Ordinal));
        Assert.DoesNotContain(_scenario.Server.Password, result.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_clone_the_history_comes_from_the_cache_and_resume_acts_there()
    {
        var seeded = _scenario.RemoteFile("main", "apps/web.yaml");
        BumpAndRevert("2.0.0", "web 2.0.0 crash-loops");
        using var cache = new TempDirectory("fluxops-history-cache");

        var result = Run("Get-FluxRevertHistory -RepositoryUrl $url -Credential $cred -CachePath $cache | Resume-FluxImageAutomation -Credential $cred -Confirm:$false",
            ("url", _scenario.Url), ("cache", cache.Path));

        Assert.Empty(result.Errors);
        Assert.True((bool)Assert.Single(result.Output).Properties["Pushed"].Value);
        Assert.Equal(seeded, _scenario.RemoteFile("main", "apps/web.yaml"));
        Assert.DoesNotContain(_scenario.Server.Password, result.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_with_nothing_paused_warns_and_commits_nothing()
    {
        var refs = _scenario.RemoteRefs;

        var result = Run("Resume-FluxImageAutomation -Path $path -Credential $cred -Confirm:$false");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.Contains(result.Warnings, w => w.Contains("No $imagepolicy marker paused by FluxOps", StringComparison.Ordinal));
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void Get_FluxBadCommit_Until_passes_over_newer_commits()
    {
        var older = _scenario.Push("Tune redis", new Dictionary<string, string> { ["infra/redis.yaml"] = "maxmemory: 50mb\n" });
        _scenario.Pull(_clone);
        var cutoff = DateTimeOffset.FromUnixTimeSeconds(long.Parse(_clone.Git("log", "-1", "--format=%ct"), System.Globalization.CultureInfo.InvariantCulture));
        Thread.Sleep(1100); // commit times have one-second resolution
        _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        _scenario.Pull(_clone);

        var result = Run("Get-FluxBadCommit -Path $path -Until $until -First 1", ("until", cutoff.UtcDateTime));

        Assert.Empty(result.Errors);
        Assert.Equal(older, Assert.Single(result.Output).Properties["Sha"].Value);
    }

    public void Dispose()
    {
        _clone.Dispose();
        _scenario.Dispose();
    }
}
