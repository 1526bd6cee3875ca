using FluxOps.Testing;

namespace FluxOps.PowerShell.Tests.Commands;

/// <summary>
/// Get-FluxBadCommit writes each commit as it is found. The repository's history is cut short: its oldest commit names a
/// parent that is not there, so only a query that reads the whole history meets the gap (git log fails on it too).
/// </summary>
public sealed class GetFluxBadCommitCommandTests : IDisposable
{
    private readonly ModuleSession _session = new();
    private readonly GitWorkTree _tree = LinearHistory.Create(commits: 600, touchEvery: 10, onMissingParent: true);

    [Fact]
    public void First_and_a_stopped_pipeline_return_the_newest_commits_with_no_error_about_old_history()
    {
        var newest = _tree.Git("log", "-3", "--format=%H", "--", "clusters/prod").Split('\n');

        var first = _session.Run("Get-FluxBadCommit -Path $path -Include clusters/prod -First 3", Path());
        var selected = _session.Run("Get-FluxBadCommit -Path $path -Include clusters/prod | Select-Object -First 2", Path());

        Assert.Empty(first.Errors);
        Assert.Equal(newest, first.Output.Select(o => (string)o.Properties["Sha"].Value));
        Assert.Empty(selected.Errors);
        Assert.Equal(newest[..2], selected.Output.Select(o => (string)o.Properties["Sha"].Value));
    }

    [Fact]
    public void A_whole_history_query_writes_what_it_found_before_the_error_about_the_gap()
    {
        var result = _session.Run("Get-FluxBadCommit -Path $path -Include clusters/prod", Path());

        Assert.Equal(60, result.Output.Count);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("HistoryIncomplete", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains(LinearHistory.MissingParent, error.Exception.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _session.Dispose();
        _tree.Dispose();
    }

    private Dictionary<string, object?> Path() => new() { ["path"] = _tree.Path };
}
