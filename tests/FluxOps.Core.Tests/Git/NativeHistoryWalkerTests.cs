using FluxOps.Core.Git;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Git;

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

        using var walker = NativeHistoryWalker.Open(Path.Combine(tree.Path, ".git"));
        Assert.True(walker is not null, NativeHistoryWalker.UnavailableReason);
        var found = walker.Touching(tree.Head, null, null, ["clusters/prod"]).ToArray();

        Assert.Equal(expected, found);
        Assert.Equal(21, found.Length);
    }
}
