using System.Text;
using FluxOps.Core.Git;
using FluxOps.Core.Rollback;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hostile;

/// <summary>
/// -RepositoryUrl with a password in it: the password is used, never written to the cache (config, refs, logs, any
/// file), a corrected password works at once, the folders are owner-only, and receivers sharing the cache folder take
/// turns instead of racing on the first clone. Real git smart-HTTP server with Basic auth.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RepositoryCacheCredentialTests : IDisposable
{
    private readonly FluxRepoScenario _scenario = new();
    private readonly TempDirectory _cache = new("fluxops-cache-credentials");

    public RepositoryCacheCredentialTests() => FluxOps.Testing.FluxFleet.Seed(_scenario);

    private string UrlWith(string password) =>
        $"http://{_scenario.Server.User}:{Uri.EscapeDataString(password)}@127.0.0.1:{_scenario.Server.Port}/{_scenario.Name}.git";

    private string CacheRoot => _cache.Combine("repos");

    [Fact]
    public void A_password_in_the_url_is_used_and_never_written_to_the_cache()
    {
        var bad = _scenario.Push("Bump web to 2.0.0", new Dictionary<string, string> { ["apps/web.yaml"] = FluxOps.Testing.FluxFleet.Web("2.0.0") });
        var engine = new RollbackEngine(GitRollbackRepository.ForUrl(UrlWith(_scenario.Server.Password), "main", null, CacheRoot), new RollbackPolicyOptions { Cooldown = TimeSpan.Zero });

        var decision = engine.Handle(RollbackFleet.Event(bad), _ => true, CancellationToken.None);

        Assert.Equal(RollbackOutcome.Reverted, decision.Outcome);
        Assert.DoesNotContain(_scenario.Server.Password, engine.Location, StringComparison.Ordinal);
        var folder = Assert.Single(Directory.GetDirectories(CacheRoot));
        var secret = Encoding.UTF8.GetBytes(_scenario.Server.Password);
        var leaking = Directory.EnumerateFiles(_cache.Path, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllBytes(f).AsSpan().IndexOf(secret) >= 0).ToList();
        Assert.Empty(leaking);
        Assert.Equal(_scenario.Url, ProcessRunner.Git(folder, "config", "remote.origin.url").StandardOutput.Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(CacheRoot));
    }

    [Fact]
    public void A_corrected_password_works_at_once_and_an_old_pinned_url_is_rewritten()
    {
        var wrong = Assert.ThrowsAny<GitOperationException>(() => RepositoryCache.Prepare(UrlWith("wrong-password"), "main", null, CacheRoot, CancellationToken.None));
        Assert.Equal(FailureKind.AuthenticationFailed, wrong.Kind);
        Assert.DoesNotContain("wrong-password", wrong.Message, StringComparison.Ordinal);

        var folder = RepositoryCache.Prepare(UrlWith(_scenario.Server.Password), "main", null, CacheRoot, CancellationToken.None);
        Assert.Equal(_scenario.RemoteHead, ProcessRunner.Git(folder, "rev-parse", "refs/remotes/origin/main").StandardOutput.Trim());

        // A folder an older FluxOps left with the password pinned in origin's URL, group- and world-readable.
        ProcessRunner.Git(folder, "config", "remote.origin.url", UrlWith("old-pinned-password"));
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_101_101);
        var again = RepositoryCache.Prepare(_scenario.Url, "main", new GitCredential(_scenario.Server.User, _scenario.Server.Password), CacheRoot, CancellationToken.None);

        Assert.Equal(folder, again);
        Assert.Equal(_scenario.Url, ProcessRunner.Git(folder, "config", "remote.origin.url").StandardOutput.Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    [Fact]
    public void Processes_sharing_a_cache_folder_take_turns_on_the_first_clone_and_after_a_kill()
    {
        var credential = new GitCredential(_scenario.Server.User, _scenario.Server.Password);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            try
            {
                RepositoryCache.Prepare(_scenario.Url, "main", credential, CacheRoot, CancellationToken.None);
            }
            catch (Exception ex) when (ex is GitOperationException or LibGit2Sharp.LibGit2SharpException or IOException)
            {
                errors.Add(ex);
            }
        });

        Assert.Empty(errors);
        var folder = Assert.Single(Directory.GetDirectories(CacheRoot));

        // A process killed mid-fetch leaves git's lock files behind; the next holder of the folder lock clears them.
        File.WriteAllText(Path.Combine(folder, "refs", "remotes", "origin", "main.lock"), string.Empty);
        File.WriteAllText(Path.Combine(folder, "config.lock"), string.Empty);
        _scenario.Push("Later", new Dictionary<string, string> { ["infra/redis.yaml"] = "data: {maxmemory: 300mb}\n" });

        RepositoryCache.Prepare(_scenario.Url, "main", credential, CacheRoot, CancellationToken.None);

        Assert.Equal(_scenario.RemoteHead, ProcessRunner.Git(folder, "rev-parse", "refs/remotes/origin/main").StandardOutput.Trim());
    }

    public void Dispose()
    {
        _scenario.Dispose();
        _cache.Dispose();
    }
}
