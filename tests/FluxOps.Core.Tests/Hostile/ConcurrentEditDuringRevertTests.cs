using FluxOps.Core.Git;
using FluxOps.Core.Revert;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hostile;

/// <summary>
/// A person keeps working while a revert is pushed. The remote's pre-receive hook makes the push slow (a marker file
/// says it started, then it sleeps), and the test edits the clone in that window. Before, the local branch was moved
/// with a hard reset after the push and the edit was silently wiped.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ConcurrentEditDuringRevertTests : IDisposable
{
    private const string WebGood = "image: ghcr.io/acme/web:1.3.0\nreplicas: 3\n";
    private readonly FluxRepoScenario _scenario = new();
    private readonly TempDirectory _hookState = new("fluxops-hook");
    private readonly GitWorkTree _clone;
    private readonly string _bad;

    public ConcurrentEditDuringRevertTests()
    {
        _scenario.Push("Initial fleet", new Dictionary<string, string> { ["apps/web.yaml"] = WebGood, ["infra/ingress.yaml"] = "replicas: 2\n" });
        _bad = _scenario.Push("Bump web", new Dictionary<string, string> { ["apps/web.yaml"] = "image: ghcr.io/acme/web:1.4.0\nreplicas: 3\n" });
        _clone = _scenario.NewClone();
        File.SetUnixFileMode(_hookState.Path, (UnixFileMode)0b111_111_111); // the hook runs as the git server's user
        var hook = Path.Combine(_scenario.BarePath, "hooks", "pre-receive");
        File.WriteAllText(hook, $"#!/bin/sh\ncat >/dev/null\ntouch '{Started}'\nsleep 3\n");
        File.SetUnixFileMode(hook, (UnixFileMode)0b111_101_101);
    }

    private string Started => Path.Combine(_hookState.Path, "push-started");

    private (Task<IReadOnlyList<FluxOps.Models.RevertResult>> Run, List<string> Log) StartRevert()
    {
        var log = new List<string>();
        var request = new RevertRequest
        {
            RepositoryPath = _clone.Path,
            Commits = [_bad],
            Credential = new GitCredential(_scenario.Server.User, _scenario.Server.Password),
            Settings = new RevertSettings { Reason = "HealthCheckFailed in prod" },
        };
        var run = Task.Run(() => FluxReverter.Run(request, line => { lock (log) { log.Add(line); } }));
        for (var i = 0; i < 600 && !File.Exists(Started); i++)
        {
            Assert.False(run.IsCompleted, "the revert finished before its push reached the remote hook");
            Thread.Sleep(50);
        }

        Assert.True(File.Exists(Started), "the push never reached the remote's pre-receive hook");
        return (run, log);
    }

    [Fact]
    public async Task An_edit_to_another_file_during_a_slow_push_is_kept_and_the_branch_still_moves()
    {
        var (run, _) = StartRevert();
        File.WriteAllText(Path.Combine(_clone.Path, "infra/ingress.yaml"), "replicas: 9\n");

        var result = Assert.Single(await run);

        Assert.True(result.Pushed);
        Assert.Equal(_scenario.RemoteHead, result.RevertSha);
        Assert.Equal(result.RevertSha, _clone.Head);
        Assert.Equal("replicas: 9\n", File.ReadAllText(Path.Combine(_clone.Path, "infra/ingress.yaml")));
        Assert.Equal(WebGood, File.ReadAllText(Path.Combine(_clone.Path, "apps/web.yaml")));
        Assert.Equal("M infra/ingress.yaml", _clone.Git("status", "--porcelain"));
    }

    [Fact]
    public async Task An_edit_to_a_file_the_revert_changes_is_kept_and_the_local_branch_stays()
    {
        var (run, log) = StartRevert();
        File.WriteAllText(Path.Combine(_clone.Path, "apps/web.yaml"), "my edit in progress\n");

        var result = Assert.Single(await run);

        Assert.True(result.Pushed);
        Assert.Equal(_scenario.RemoteHead, result.RevertSha);
        Assert.Equal(_bad, _clone.Head);
        Assert.Equal("my edit in progress\n", File.ReadAllText(Path.Combine(_clone.Path, "apps/web.yaml")));
        Assert.Contains(log, l => l.Contains("stays at", StringComparison.Ordinal) && l.Contains("apps/web.yaml", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _scenario.Dispose();
        _hookState.Dispose();
    }
}
