using FluxOps.Core.Git;
using FluxOps.Core.History;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.History;

/// <summary>
/// Results stream: on a 3,000-commit history whose oldest commit names a parent that is not in the repository (a clone
/// cut short), only a query that reads the whole history meets the gap. -First never does, whichever engine is preferred.
/// </summary>
public sealed class CommitFinderStreamingTests : IDisposable
{
    private const string Path = LinearHistory.TouchedPath;
    private readonly GitWorkTree _tree = LinearHistory.Create(commits: 3000, touchEvery: 10, onMissingParent: true);

    [Fact]
    public void First_returns_the_newest_matches_without_reading_the_whole_history()
    {
        var found = CommitFinder.Find(_tree.Path, new CommitQuery { Include = [Path], First = 2 }).ToList();

        Assert.Equal(_tree.Git("log", "-2", "--format=%H", "--", Path).Split('\n'), found.Select(c => c.Sha));
        Assert.All(found, c => Assert.Equal(["clusters/prod/web.yaml"], c.Files));
    }

    [Fact]
    public void The_native_walk_stops_when_its_caller_stops()
    {
        var seen = new List<string>();
        foreach (var commit in CommitFinder.Find(_tree.Path, new CommitQuery { Include = [Path] }, engine: HistoryEngine.Native))
        {
            seen.Add(commit.Sha);
            if (seen.Count == 5)
            {
                break; // had the walk gone on, it would have failed on the missing commit
            }
        }

        Assert.Equal(_tree.Git("log", "-5", "--format=%H", "--", Path).Split('\n'), seen);
    }

    [Theory]
    [InlineData(nameof(HistoryEngine.Native))]
    [InlineData(nameof(HistoryEngine.SystemGit))]
    public void Only_the_whole_walk_meets_the_missing_commit_and_it_says_so_after_yielding_what_it_found(string engineName)
    {
        var engine = Enum.Parse<HistoryEngine>(engineName);
        var yielded = 0;
        var error = Assert.Throws<GitOperationException>(() =>
        {
            foreach (var unused in CommitFinder.Find(_tree.Path, new CommitQuery { Include = [Path] }, engine: engine))
            {
                yielded++;
            }
        });

        Assert.Equal("HistoryIncomplete", error.ErrorId);
        Assert.Contains(LinearHistory.MissingParent, error.Message, StringComparison.Ordinal);
        Assert.Equal(300, yielded); // every commit that touches the path came out before the walk hit the gap
        var git = ProcessRunner.Run("git", ["log", "--format=%H", "--", Path], _tree.Path, ProcessRunner.GitEnvironment);
        Assert.NotEqual(0, git.ExitCode); // git log fails on this repository too
    }

    public void Dispose() => _tree.Dispose();
}
