using System.Globalization;
using FluxOps.Core.History;
using FluxOps.Testing;
using LibGit2Sharp;

namespace FluxOps.Core.Tests.History;

/// <summary>Get-FluxBadCommit -Until answers as git log --until: newer commits are passed over, on both walks.</summary>
public sealed class CommitFinderUntilTests : IDisposable
{
    private static readonly DateTimeOffset Day1 = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly GitWorkTree _repository = new();

    public CommitFinderUntilTests()
    {
        for (var day = 0; day < 6; day++)
        {
            var when = Day1.AddDays(day).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var path = day % 2 == 0 ? "apps/web.yaml" : "infra/redis.yaml";
            Directory.CreateDirectory(Path.Combine(_repository.Path, Path.GetDirectoryName(path)!));
            File.WriteAllText(Path.Combine(_repository.Path, path), $"day: {day}\n");
            _repository.Git("add", "-A");
            var environment = new Dictionary<string, string?>(ProcessRunner.GitEnvironment) { ["GIT_AUTHOR_DATE"] = when, ["GIT_COMMITTER_DATE"] = when };
            ProcessRunner.Run("git", ["commit", "-q", "-m", $"day {day}"], _repository.Path, environment).EnsureSuccess("git commit");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Until_alone_and_with_since_and_a_path_match_git_log(bool systemGit)
    {
        var engine = systemGit ? HistoryEngine.SystemGit : HistoryEngine.Native;
        using var repository = new Repository(_repository.Path);
        var until = Day1.AddDays(3).AddHours(1);
        var since = Day1.AddDays(1).AddHours(-1);

        var upTo = Subjects(repository, new CommitQuery { Until = until }, engine);
        var window = Subjects(repository, new CommitQuery { Since = since, Until = until, Include = ["apps"] }, engine);

        Assert.Equal(GitLog("--until=" + Unix(until)), upTo);
        Assert.Equal(["day 3", "day 2", "day 1", "day 0"], upTo);
        Assert.Equal(GitLog("--since=" + Unix(since), "--until=" + Unix(until), "--", "apps"), window);
        Assert.Equal(["day 2"], window);
    }

    private static List<string> Subjects(Repository repository, CommitQuery query, HistoryEngine engine) =>
        CommitFinder.Find(repository, query, "repo", default, engine).Select(c => c.Subject).ToList();

    private List<string> GitLog(params string[] arguments) =>
        _repository.Git(["log", "--format=%s", .. arguments]).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Unix(DateTimeOffset when) => "@" + when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _repository.Dispose();
}
