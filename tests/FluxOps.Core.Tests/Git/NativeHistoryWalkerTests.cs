using FluxOps.Core.Git;
using FluxOps.Core.Tests.History;
using FluxOps.Testing;
using LibGit2Sharp;

namespace FluxOps.Core.Tests.Git;

/// <summary>The history walk against the real git log, on the same repositories and the same questions.</summary>
public sealed class NativeHistoryWalkerTests
{
    [Fact]
    public void Path_filtered_walk_agrees_with_git_log()
    {
        using var tree = new GitWorkTree();
        for (var i = 0; i < 60; i++)
        {
            var file = i % 3 == 0 ? "clusters/prod/web.yaml" : $"infra/c{i % 4}.yaml";
            tree.Commit($"change {i}", new Dictionary<string, string> { [file] = $"n: {i}\n" });
        }

        tree.Git("rm", "-q", "clusters/prod/web.yaml");
        tree.Git("commit", "-q", "-m", "remove web");
        var expected = tree.Git("log", "--format=%H", "--", "clusters/prod").Split('\n');

        using var walker = Open(tree);
        var found = walker.Log(tree.Head, null, null, ["clusters/prod"]).ToArray();

        Assert.Equal(expected, found);
        Assert.Equal(21, found.Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Every_query_on_a_generated_history_prints_what_git_log_prints(int seed)
    {
        using var history = GeneratedHistory.Create(seed, steps: 160);
        using var walker = Open(history.Repository);
        using var repository = new Repository(history.Repository.Path);
        var mismatches = new List<string>();

        foreach (var query in history.Queries(count: 80))
        {
            var expected = history.GitLog(query);
            var native = walker.Log(query.Start, query.Hide, query.Since, query.Paths).ToArray();
            var managed = ManagedCommitSource.Log(repository, query.Start, query.Hide, query.Since, query.Paths).ToArray();
            Compare(mismatches, "native", query, expected, native);
            Compare(mismatches, "LibGit2Sharp", query, expected, managed);
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} differences, first ones:\n" + string.Join("\n", mismatches.Take(4)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Changed_files_are_what_git_diff_tree_lists_against_the_first_parent(int seed)
    {
        using var history = GeneratedHistory.Create(seed, steps: 120);
        using var walker = Open(history.Repository);
        var mismatches = new List<string>();

        foreach (var sha in history.Shas)
        {
            var parents = history.Repository.Git("rev-list", "--parents", "-n", "1", sha).Split(' ')[1..];
            var diff = parents.Length == 0
                ? history.Repository.Git("diff-tree", "-r", "--name-only", "--no-commit-id", "--root", sha)
                : history.Repository.Git("diff-tree", "-r", "--name-only", "--no-renames", parents[0], sha);
            var expected = diff.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
            var actual = walker.ChangedFiles(sha).ToArray();
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{sha[..7]}: git [{string.Join(", ", expected)}] ours [{string.Join(", ", actual)}]");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(4)));
    }

    [Fact]
    public void A_shallow_clone_walks_to_its_boundary_like_git()
    {
        using var history = GeneratedHistory.Create(seed: 7, steps: 120);
        using var shallow = new GitWorkTree();
        shallow.Git("fetch", "-q", "--depth", "15", "file://" + history.Repository.Path, "main");
        Assert.True(File.Exists(Path.Combine(shallow.Path, ".git", "shallow")), "the clone should be shallow");
        using var walker = Open(shallow);
        var mismatches = new List<string>();

        foreach (var paths in GeneratedHistory.PathSpecs.Select(p => new[] { p }).Append([]))
        {
            var query = new LogQuery(history.Tip, null, null, paths);
            var expected = shallow.Git(query.GitArguments()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Compare(mismatches, "native", query, expected, walker.Log(query.Start, null, null, paths).ToArray());
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches.Take(4)));
    }

    [Fact]
    public void The_walk_reads_history_only_as_far_as_the_caller_asks()
    {
        using var tree = LinearHistory.Create(2000, touchEvery: 10);
        using var walker = Open(tree);

        var newest = walker.Log(tree.Head, null, null, ["clusters/prod"]).First();
        var readForFirst = walker.CommitsRead;
        var all = walker.Log(tree.Head, null, null, ["clusters/prod"]).Count();

        Assert.Equal(tree.Git("log", "-1", "--format=%H", "--", "clusters/prod"), newest);
        Assert.Equal(200, all);
        Assert.InRange(readForFirst, 1, 12); // the first match sits within the newest ten commits
        Assert.Equal(readForFirst + 2000, walker.CommitsRead);
    }

    [Fact]
    public void A_merge_that_only_brought_a_side_branch_is_not_listed_but_the_side_commit_is()
    {
        using var tree = new GitWorkTree();
        tree.Commit("base", new Dictionary<string, string> { ["apps/web.yaml"] = "v1\n", ["infra/a.yaml"] = "a\n" });
        tree.Git("checkout", "-q", "-b", "topic");
        var side = tree.Commit("bump web", new Dictionary<string, string> { ["apps/web.yaml"] = "v2\n" });
        tree.Git("checkout", "-q", "main");
        var infra = tree.Commit("infra", new Dictionary<string, string> { ["infra/a.yaml"] = "b\n" });
        tree.Git("merge", "-q", "--no-ff", "-m", "merge topic", "topic");
        using var walker = Open(tree);

        var found = walker.Log(tree.Head, null, null, ["apps"]).ToArray();

        Assert.Equal(tree.Git("log", "--format=%H", "--", "apps").Split('\n'), found);
        Assert.Contains(side, found);
        Assert.DoesNotContain(tree.Head, found); // the merge is TREESAME to its second parent under apps/
        Assert.DoesNotContain(infra, found);
    }

    [Fact]
    public void A_file_replaced_by_a_folder_and_a_mode_change_count_as_changes()
    {
        using var tree = new GitWorkTree();
        tree.Commit("file", new Dictionary<string, string> { ["apps/config"] = "flat\n" });
        tree.Git("rm", "-q", "apps/config");
        var folder = tree.Commit("folder", new Dictionary<string, string> { ["apps/config/app.yaml"] = "nested\n" });
        tree.Git("update-index", "--chmod=+x", "apps/config/app.yaml");
        tree.Git("commit", "-q", "-m", "chmod");
        var chmod = tree.Head;
        using var walker = Open(tree);

        Assert.Equal([chmod, folder], walker.Log(tree.Head, null, null, ["apps/config/app.yaml"]).ToArray());
        Assert.Equal(tree.Git("log", "--format=%H", "--", "apps/config").Split('\n'), walker.Log(tree.Head, null, null, ["apps/config"]).ToArray());
    }

    private static NativeHistoryWalker Open(GitWorkTree tree)
    {
        var walker = NativeHistoryWalker.Open(Path.Combine(tree.Path, ".git"));
        Assert.True(walker is not null, NativeHistoryWalker.UnavailableReason);
        return walker;
    }

    private static void Compare(List<string> mismatches, string source, LogQuery query, string[] expected, string[] actual)
    {
        if (!expected.SequenceEqual(actual))
        {
            mismatches.Add($"{source}: {query}\n  git:  {string.Join(' ', expected.Select(s => s[..7]))}\n  ours: {string.Join(' ', actual.Select(s => s[..7]))}");
        }
    }
}
