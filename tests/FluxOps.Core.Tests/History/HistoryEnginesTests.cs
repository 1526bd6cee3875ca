using FluxOps.Core.History;
using FluxOps.Models;
using LibGit2Sharp;

namespace FluxOps.Core.Tests.History;

/// <summary>
/// The same Get-FluxBadCommit query answered by the native walk and by the system git (git rev-list) gives the same
/// commits, in the same order, with the same files: generated histories with merges, renames, deletions, files replaced
/// by folders, -Since, ranges and -First.
/// </summary>
public sealed class HistoryEnginesTests
{
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Native_walk_and_system_git_answer_every_query_alike(int seed)
    {
        using var history = GeneratedHistory.Create(seed, steps: 140);
        using var repository = new Repository(history.Repository.Path);
        var mismatches = new List<string>();
        var compared = 0;

        foreach (var query in history.Queries(count: 40).Select((q, i) => ToCommitQuery(q, first: i % 7 == 3 ? 2 : null)))
        {
            var native = Describe(CommitFinder.Find(repository, query, "repo", default, HistoryEngine.Native));
            var git = Describe(CommitFinder.Find(repository, query, "repo", default, HistoryEngine.SystemGit));
            compared += native.Count;
            if (!native.SequenceEqual(git))
            {
                mismatches.Add($"{Show(query)}\n  native: {string.Join(" | ", native)}\n  git:    {string.Join(" | ", git)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(3)));
        Assert.True(compared > 100, $"only {compared} commits compared: the queries should find more");
    }

    private static CommitQuery ToCommitQuery(LogQuery query, int? first) => new()
    {
        Revision = query.Hide is null ? query.Start : null,
        LastAttempted = query.Hide is null ? null : query.Start,
        LastApplied = query.Hide,
        Include = query.Paths,
        Since = query.Since is { } since ? DateTimeOffset.FromUnixTimeSeconds(since) : null,
        First = first,
    };

    private static List<string> Describe(IEnumerable<BadCommit> commits) =>
        commits.Select(c => $"{c.Sha[..7]} [{string.Join(",", c.Files)}] <{string.Join(",", c.Parents.Select(p => p[..7]))}> {c.Reason}").ToList();

    private static string Show(CommitQuery q) =>
        $"range {q.LastApplied?[..7]}..{(q.LastAttempted ?? q.Revision)?[..7]} since {q.Since} first {q.First} -- {string.Join(' ', q.Include)}";
}
