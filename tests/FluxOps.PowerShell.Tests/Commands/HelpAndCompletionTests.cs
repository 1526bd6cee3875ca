using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// Help a user reaches from the prompt: Get-Help -Online goes to the cmdlet's page in docs/cmdlets, default values are
/// shown as the code has them, and -Base, -Branch, -Revision and -Platform complete with Tab.
/// </summary>
public sealed class HelpAndCompletionTests : IDisposable
{
    private readonly ModuleSession _session = new();
    private readonly GitWorkTree _repo = new("main");

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FluxOps.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("No FluxOps.sln above the test binaries.");
        }
    }

    [Fact]
    public void Every_cmdlet_has_a_HelpUri_to_its_docs_cmdlets_page_and_help_lists_it_first()
    {
        var result = _session.Run(
            "Get-Command -Module FluxOps | ForEach-Object { \"$($_.Name)|$($_.HelpUri)|$(@((Get-Help $_.Name).relatedLinks.navigationLink)[0].uri)\" }");

        Assert.NotEmpty(result.Output);
        foreach (var line in result.Output.Select(o => o.ToString()))
        {
            var (name, uri, first) = (line.Split('|')[0], line.Split('|')[1], line.Split('|')[2]);
            Assert.Equal($"https://github.com/fluxops/fluxops/blob/main/docs/cmdlets/{name}.md", uri);
            Assert.Equal(uri, first);
            Assert.True(File.Exists(Path.Combine(RepositoryRoot, "docs", "cmdlets", name + ".md")), name);
        }
    }

    [Theory]
    [InlineData("Invoke-FluxRollback", "Cooldown", "00:10:00")]
    [InlineData("Invoke-FluxRollback", "EventReason", "ReconciliationFailed, HealthCheckFailed, BuildFailed, InstallFailed, UpgradeFailed, TestFailed")]
    [InlineData("Invoke-FluxRollback", "Path", "the current folder")]
    [InlineData("Start-FluxRollbackReceiver", "HookPath", "/hooks/flux")]
    [InlineData("New-FluxRollbackAlert", "HelmRelease", "*")]
    [InlineData("Test-ImageTag", "ThrottleLimit", "32")]
    [InlineData("Test-ImageTag", "Annotate", "Auto")]
    [InlineData("Invoke-FluxRevert", "Remote", "origin")]
    [InlineData("Invoke-FluxRevert", "Squash", "False")]
    [InlineData("Resume-FluxImageAutomation", "Remote", "origin")]
    [InlineData("Resume-FluxImageAutomation", "MaxAttempts", "5")]
    public void Help_shows_the_default_value_the_code_uses(string cmdlet, string parameter, string expected)
    {
        var result = _session.Run($"Get-Help {cmdlet} -Parameter {parameter} | Out-String -Width 250");

        var text = string.Concat(result.Output.Select(o => o.ToString()));
        Assert.Matches($@"Default value\s+{System.Text.RegularExpressions.Regex.Escape(expected)}\r?\n", text);
    }

    [Theory]
    [InlineData("Get-ChangedImages -Path $repo -Base ", new[] { "feature/payments", "main", "origin/main", "origin/release/1.2", "v1.0.0" })]
    [InlineData("Get-ChangedImages -Path $repo -Base or", new[] { "origin/main", "origin/release/1.2" })]
    [InlineData("Get-FluxBadCommit -Path $repo -Revision v", new[] { "v1.0.0" })]
    [InlineData("Get-FluxBadCommit -Path $repo -Branch ", new[] { "feature/payments", "main", "release/1.2" })]
    [InlineData("Invoke-FluxRevert -Path $repo -Branch rel", new[] { "release/1.2" })]
    [InlineData("Invoke-FluxRollback -Path $repo -Branch ma", new[] { "main" })]
    [InlineData("Get-FluxRevertHistory -Path $repo -Branch fe", new[] { "feature/payments" })]
    [InlineData("Resume-FluxImageAutomation -Path $repo -Branch rel", new[] { "release/1.2" })]
    [InlineData("Test-ImageTag x -Platform linux/arm", new[] { "linux/arm/v6", "linux/arm/v7", "linux/arm64", "linux/arm64/v8" })]
    public void Tab_completes_local_refs_and_platforms(string line, string[] expected)
    {
        _repo.Commit("base", new Dictionary<string, string> { ["a.txt"] = "a\n" });
        _repo.Git("branch", "feature/payments");
        _repo.Git("tag", "v1.0.0");
        _repo.Git("update-ref", "refs/remotes/origin/main", "HEAD");
        _repo.Git("update-ref", "refs/remotes/origin/release/1.2", "HEAD");

        var result = _session.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText",
            new Dictionary<string, object?> { ["line"] = line.Replace("$repo", $"'{_repo.Path}'", StringComparison.Ordinal) });

        Assert.Equal(expected, result.Output.Select(o => o.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Completion_outside_a_repository_offers_nothing_and_fails_nothing()
    {
        using var empty = new TempDirectory("fluxops-nonrepo");

        var result = _session.Run("Set-Location -LiteralPath $p; (TabExpansion2 -inputScript 'Get-ChangedImages -Base ' -cursorColumn 24).CompletionMatches.Count",
            new Dictionary<string, object?> { ["p"] = empty.Path });

        Assert.Empty(result.Errors);
        Assert.Equal("0", Assert.Single(result.Output).ToString());
    }

    public void Dispose()
    {
        _session.Dispose();
        _repo.Dispose();
    }
}
