using FluxOps.PowerShell.Tests.Receiver;
using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

public sealed class InvokeFluxRollbackCommandTests : IDisposable
{
    private const string Key = "invoke-rollback-key";
    private readonly ModuleSession _session = new();
    private readonly FluxRepoScenario _scenario = new();
    private readonly TempDirectory _cache = new("fluxops-invoke-cache");

    public InvokeFluxRollbackCommandTests() => FluxFleet.Seed(_scenario);

    private SessionResult Run(string pipeline, string body) => _session.Run(
        "$env:XDG_CACHE_HOME = $cache; $cred = [pscredential]::new($user, (ConvertTo-SecureString $pass -AsPlainText -Force)); " +
        "$secret = ConvertTo-SecureString $key -AsPlainText -Force; " + pipeline,
        new Dictionary<string, object?>
        {
            ["cache"] = _cache.Path,
            ["user"] = _scenario.Server.User,
            ["pass"] = _scenario.Server.Password,
            ["key"] = Key,
            ["url"] = _scenario.Url,
            ["body"] = body,
            ["sig"] = FluxEventFactory.Sign(body, Key),
        });

    [Fact]
    public void A_verified_event_piped_twice_reverts_once_and_reports_the_duplicate()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });

        var result = Run(
            "$e = ConvertFrom-FluxEvent -Body $body -Signature $sig -Secret $secret; $e, $e | Invoke-FluxRollback -RepositoryUrl $url -Credential $cred -Cooldown 0 -Confirm:$false",
            FluxEventFactory.Kustomization(bad));

        Assert.Empty(result.Errors);
        Assert.Equal(["Reverted", "Skipped"], result.Output.Select(o => o.Properties["Outcome"].Value?.ToString()));
        Assert.Equal("Duplicate", result.Output[1].Properties["Reason"].Value?.ToString());
        Assert.Equal(bad, result.Output[0].Properties["BadSha"].Value);
        Assert.Contains($"Fluxops-Reverts: {bad}", _scenario.RemoteMessage("main"), StringComparison.Ordinal);
        Assert.DoesNotContain(_scenario.Server.Password, result.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_reports_WouldRevert_and_leaves_the_remote_alone()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var refs = _scenario.RemoteRefs;

        var result = Run("ConvertFrom-FluxEvent -Body $body -Signature $sig -Secret $secret | Invoke-FluxRollback -RepositoryUrl $url -Credential $cred -WhatIf", FluxEventFactory.Kustomization(bad));

        var decision = Assert.Single(result.Output);
        Assert.Equal("WouldRevert", decision.Properties["Outcome"].Value?.ToString());
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void An_event_outside_the_include_scope_is_skipped_with_a_reason_and_an_unverified_event_warns()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var refs = _scenario.RemoteRefs;

        var result = Run("$body | ConvertFrom-FluxEvent | Invoke-FluxRollback -RepositoryUrl $url -Credential $cred -Include 'flux-system/infra' -Confirm:$false", FluxEventFactory.Kustomization(bad));

        var decision = Assert.Single(result.Output);
        Assert.Equal("NotOurKustomization", decision.Properties["Reason"].Value?.ToString());
        Assert.Contains(result.Warnings, w => w.Contains("not verified", StringComparison.Ordinal));
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void PullRequest_pushes_a_revert_branch_opens_one_pull_request_and_a_repeat_is_already_proposed()
    {
        using var scenario = new FluxRepoScenario("acme/fleet");
        using var github = new FakeGitHostServer(scenario.BarePath, scenario.Server.Password);
        FluxFleet.Seed(scenario);
        var bad = scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxFleet.Web("2.0.0") });
        var main = scenario.RemoteHead;
        var body = FluxEventFactory.Kustomization(bad);

        var result = _session.Run(
            "$env:XDG_CACHE_HOME = $cache; $cred = [pscredential]::new($user, (ConvertTo-SecureString $pass -AsPlainText -Force)); " +
            "$e = $body | ConvertFrom-FluxEvent; " +
            "$e | Invoke-FluxRollback -RepositoryUrl $url -Credential $cred -Cooldown 0 -PullRequest -Provider GitHub -ApiUrl $api -Confirm:$false; " +
            "$e | Invoke-FluxRollback -RepositoryUrl $url -Credential $cred -Cooldown 0 -PullRequest -Provider GitHub -ApiUrl $api -Confirm:$false",
            new Dictionary<string, object?>
            {
                ["cache"] = _cache.Path,
                ["user"] = scenario.Server.User,
                ["pass"] = scenario.Server.Password,
                ["url"] = scenario.Url,
                ["body"] = body,
                ["api"] = github.GitHubApiUrl,
            });

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
        Assert.Equal(2, result.Output.Count);
        var first = result.Output[0];
        Assert.Equal("Reverted", first.Properties["Outcome"].Value?.ToString());
        var revert = System.Management.Automation.PSObject.AsPSObject(first.Properties["Revert"].Value);
        Assert.Equal("https://github.example/acme/fleet/pull/1", revert.Properties["PullRequestUrl"].Value);
        Assert.Equal(main, scenario.RemoteHead); // the watched branch is untouched until a human merges
        Assert.Equal(revert.Properties["RevertSha"].Value, scenario.Git("rev-parse", "refs/heads/fluxops/revert-" + bad[..7]));
        var sent = Assert.Single(github.PullRequests);
        Assert.Equal("/github/api/v3/repos/acme/fleet/pulls", sent.Path);
        Assert.Equal("main", sent.Json.GetProperty("base").GetString());
        Assert.Equal("Skipped", result.Output[1].Properties["Outcome"].Value?.ToString());
        Assert.Contains("already proposed", (string)result.Output[1].Properties["Message"].Value, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _session.Dispose();
        _scenario.Dispose();
        _cache.Dispose();
    }
}
