using FluxOps.Core.Git;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Git;

/// <summary>
/// Revert and push against the real git smart-HTTP server (nginx + git-http-backend, Basic auth), through the default
/// transport (the system git, which is installed here). <see cref="FluxReverterLibGit2Tests"/> runs every test again through
/// libgit2, the transport used where no git binary exists (Azure Automation).
/// </summary>
public class FluxReverterTests : IDisposable
{
    private const string WebGood = "image: ghcr.io/acme/web:1.3.0 # {\"$imagepolicy\": \"flux-system:web\"}\nreplicas: 3\n";
    private const string WebBad = "image: ghcr.io/acme/web:1.4.0 # {\"$imagepolicy\": \"flux-system:web\"}\nreplicas: 3\n";
    private readonly FluxRepoScenario _scenario = new();
    private readonly string _good;
    private readonly string _bad;

    public FluxReverterTests()
    {
        _scenario.Push("Initial fleet", new Dictionary<string, string>
        {
            ["apps/web.yaml"] = WebGood,
            ["apps/api.yaml"] = "image: ghcr.io/acme/api:2.0.0 # {\"$imagepolicy\": \"flux-system:api\"}\n",
            ["infra/ingress.yaml"] = "replicas: 2\n",
        });
        _good = _scenario.Push("Ingress replicas", new Dictionary<string, string> { ["infra/ingress.yaml"] = "replicas: 4\n" });
        _bad = _scenario.Push("Update from image update automation", new Dictionary<string, string> { ["apps/web.yaml"] = WebBad });
    }

    /// <summary>The transport under test; null means the default choice.</summary>
    protected virtual IGitTransport? TransportFor(GitCredential? credential) => null;

    private GitCredential Credential => new(_scenario.Server.User, _scenario.Server.Password);

    private RevertRequest Request(GitWorkTree clone, params string[] commits) => new()
    {
        RepositoryPath = clone.Path,
        Commits = commits,
        Credential = Credential,
        Transport = TransportFor(Credential),
        Settings = new RevertSettings { Reason = "HealthCheckFailed in prod" },
        Backoff = TimeSpan.FromMilliseconds(10),
    };

    [Fact]
    public void Revert_is_pushed_as_a_new_commit_restoring_the_tree_before_the_bad_commit()
    {
        using var clone = _scenario.NewClone();

        var result = Assert.Single(FluxReverter.Run(Request(clone, "main@sha1:" + _bad)));

        Assert.True(result.Pushed);
        Assert.False(result.Skipped);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(_scenario.RemoteHead, result.RevertSha);
        Assert.True(_scenario.RemoteIsAncestor(_bad, _scenario.RemoteHead), "the old tip must stay in history (no rewrite)");
        Assert.Equal(_scenario.Git("rev-parse", _good + ":infra/ingress.yaml"), _scenario.Git("rev-parse", "main:infra/ingress.yaml"));
        Assert.Contains("ghcr.io/acme/web:1.3.0", _scenario.RemoteFile("main", "apps/web.yaml"), StringComparison.Ordinal);
        var message = _scenario.RemoteMessage("main");
        Assert.StartsWith("Revert \"Update from image update automation\"", message, StringComparison.Ordinal);
        Assert.Contains($"This reverts commit {_bad}.", message, StringComparison.Ordinal);
        Assert.Contains("Reverted-by: FluxOps", message, StringComparison.Ordinal);
        Assert.Contains($"Fluxops-Reverts: {_bad}", message, StringComparison.Ordinal);
        Assert.Contains("Fluxops-Reason: HealthCheckFailed in prod", message, StringComparison.Ordinal);
        Assert.Contains("Fluxops-Bad-Image: ghcr.io/acme/web:1.4.0", message, StringComparison.Ordinal);
        Assert.Equal("Ops Engineer", _scenario.Git("log", "-1", "--format=%an", "main"));
        Assert.Equal(_scenario.RemoteHead, clone.Head); // the local clone fast-forwarded with it
        Assert.Equal(string.Empty, clone.Git("status", "--porcelain"));
    }

    [Fact]
    public void A_commit_pushed_after_the_clone_was_made_is_fetched_and_reverted()
    {
        using var clone = _scenario.NewClone();
        var later = _scenario.Push("Later bad change", new Dictionary<string, string> { ["infra/ingress.yaml"] = "replicas: 0\n" });

        var result = Assert.Single(FluxReverter.Run(Request(clone, "main@sha1:" + later)));

        Assert.True(result.Pushed);
        Assert.Equal("replicas: 4", _scenario.RemoteFile("main", "infra/ingress.yaml"));
        Assert.Equal(_scenario.RemoteHead, clone.Head);
    }

    [Fact]
    public void Approve_sees_the_exact_commit_and_declining_changes_nothing()
    {
        using var clone = _scenario.NewClone();
        var (refs, localRefs) = (_scenario.RemoteRefs, clone.Git("for-each-ref"));
        RevertPreview? seen = null;
        var request = Request(clone, _bad);

        var results = FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Approve = preview =>
            {
                seen = preview;
                return false;
            },
        });

        Assert.Empty(results);
        Assert.NotNull(seen);
        Assert.Contains($"Fluxops-Reverts: {_bad}", Assert.Single(seen.Commits).Message, StringComparison.Ordinal);
        Assert.Equal("main", seen.PushBranch);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(localRefs, clone.Git("for-each-ref"));
        Assert.Equal(string.Empty, clone.Git("status", "--porcelain"));
    }

    [Fact]
    public void Reverting_an_automation_commit_pauses_exactly_the_reverted_markers()
    {
        using var clone = _scenario.NewClone();

        var result = Assert.Single(FluxReverter.Run(Request(clone, _bad)));

        var web = _scenario.RemoteFile("main", "apps/web.yaml");
        Assert.Contains("ghcr.io/acme/web:1.3.0 # {\"$imagepolicy-paused-by-fluxops\": \"flux-system:web\"}", web, StringComparison.Ordinal);
        Assert.Contains("{\"$imagepolicy\": \"flux-system:api\"}", _scenario.RemoteFile("main", "apps/api.yaml"), StringComparison.Ordinal);
        Assert.Equal(["apps/web.yaml: flux-system:web"], result.PausedMarkers);
        Assert.Equal(["ghcr.io/acme/web:1.4.0"], result.BadImages);
    }

    [Fact]
    public void KeepImageAutomation_leaves_the_markers_and_still_records_the_bad_image()
    {
        using var clone = _scenario.NewClone();
        var request = Request(clone, _bad);

        FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Settings = new RevertSettings { KeepImageAutomation = true },
        });

        Assert.Equal(WebGood.TrimEnd(), _scenario.RemoteFile("main", "apps/web.yaml"));
        Assert.Contains("Fluxops-Bad-Image: ghcr.io/acme/web:1.4.0", _scenario.RemoteMessage("main"), StringComparison.Ordinal);
    }

    [Fact]
    public void Two_clones_reverting_at_once_produce_exactly_one_revert()
    {
        using var first = _scenario.NewClone();
        using var second = _scenario.NewClone();
        using var start = new Barrier(2);

        var results = new[] { first, second }.AsParallel().WithDegreeOfParallelism(2).Select(clone =>
        {
            var request = Request(clone, _bad);
            return Assert.Single(FluxReverter.Run(new RevertRequest
            {
                RepositoryPath = request.RepositoryPath,
                Commits = request.Commits,
                Credential = request.Credential,
                Transport = TransportFor(request.Credential),
                Backoff = request.Backoff,
                BeforePush = _ => start.SignalAndWait(TimeSpan.FromSeconds(20)),
            }));
        }).ToList();

        Assert.Single(results, r => r.Pushed);
        var skipped = Assert.Single(results, r => r.Skipped);
        Assert.Contains("already reverted by", skipped.SkipReason, StringComparison.Ordinal);
        Assert.Equal(2, skipped.Attempts);
        Assert.Equal("1", _scenario.Git("rev-list", "--count", "--grep=Fluxops-Reverts: " + _bad, "main"));
    }

    [Fact]
    public void A_push_landing_between_fetch_and_push_is_retried_on_the_new_tip()
    {
        using var clone = _scenario.NewClone();
        string? intruder = null;
        var request = Request(clone, _bad);

        var result = Assert.Single(FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Backoff = request.Backoff,
            BeforePush = attempt => intruder ??= _scenario.Push("Someone else's change", new Dictionary<string, string> { ["infra/dns.yaml"] = "ttl: 60\n" }),
        }));

        Assert.True(result.Pushed);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(intruder, _scenario.Git("rev-parse", "main^"));
        Assert.Equal("ttl: 60", _scenario.RemoteFile("main", "infra/dns.yaml"));
    }

    [Fact]
    public void A_conflict_commits_nothing_and_names_the_files()
    {
        _scenario.Push("Later web change", new Dictionary<string, string> { ["apps/web.yaml"] = "image: ghcr.io/acme/web:1.5.0\n" });
        using var clone = _scenario.NewClone();
        var (refs, status, head) = (_scenario.RemoteRefs, clone.Git("status", "--porcelain"), clone.Head);

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));

        Assert.Equal("RevertConflict", error.ErrorId);
        Assert.Equal(["apps/web.yaml"], error.ConflictingFiles);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(head, clone.Head);
        Assert.Equal(status, clone.Git("status", "--porcelain"));
    }

    [Fact]
    public void A_dirty_working_tree_is_refused_and_kept()
    {
        using var clone = _scenario.NewClone();
        File.WriteAllText(Path.Combine(clone.Path, "infra/ingress.yaml"), "replicas: 9\n");
        var refs = _scenario.RemoteRefs;

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));

        Assert.Equal("WorkingTreeDirty", error.ErrorId);
        Assert.Contains("infra/ingress.yaml", error.Message, StringComparison.Ordinal);
        Assert.Equal("replicas: 9\n", File.ReadAllText(Path.Combine(clone.Path, "infra/ingress.yaml")));
        Assert.Equal(refs, _scenario.RemoteRefs);
    }

    [Fact]
    public void A_detached_head_needs_a_branch()
    {
        using var clone = _scenario.NewClone();
        clone.Git("checkout", "-q", "--detach", "HEAD");
        var refs = _scenario.RemoteRefs;

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));
        Assert.Equal("DetachedHead", error.ErrorId);
        Assert.Equal(refs, _scenario.RemoteRefs);

        var request = Request(clone, _bad);
        var withBranch = Assert.Single(FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Branch = "main",
        }));

        Assert.True(withBranch.Pushed);
        Assert.Equal(_scenario.RemoteHead, withBranch.RevertSha);
    }

    [Fact]
    public void Unpublished_local_commits_are_never_pushed_along_with_the_revert()
    {
        using var clone = _scenario.NewClone();
        clone.Commit("Local work in progress", new Dictionary<string, string> { ["notes.md"] = "wip\n" });
        var (refs, head) = (_scenario.RemoteRefs, clone.Head);

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));

        Assert.Equal("LocalBranchAhead", error.ErrorId);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(head, clone.Head);
    }

    [Fact]
    public void A_wrong_password_fails_clearly_without_showing_it_and_changes_nothing()
    {
        using var clone = _scenario.NewClone();
        var (refs, localRefs) = (_scenario.RemoteRefs, clone.Git("for-each-ref"));
        const string wrong = "wrong-Secret-4711";

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = clone.Path,
            Commits = [_bad],
            Credential = new GitCredential(_scenario.Server.User, wrong),
            Transport = TransportFor(new GitCredential(_scenario.Server.User, wrong)),
        }));

        Assert.Equal("GitAuthenticationFailed", error.ErrorId);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(localRefs, clone.Git("for-each-ref"));
    }

    [Fact]
    public void Without_a_credential_the_users_git_credential_helper_is_asked()
    {
        using var clone = _scenario.NewClone();
        var store = Path.Combine(clone.Path, ".git", "test-credentials");
        File.WriteAllText(store, $"http://{_scenario.Server.User}:{_scenario.Server.Password}@127.0.0.1:{_scenario.Server.Port}\n");
        clone.Git("config", "credential.helper", "store --file=" + store);

        var result = Assert.Single(FluxReverter.Run(new RevertRequest { RepositoryPath = clone.Path, Commits = [_bad], Transport = TransportFor(null) }));

        Assert.True(result.Pushed);
        Assert.Equal(_scenario.RemoteHead, result.RevertSha);
    }

    [Fact]
    public void An_unreachable_remote_fails_clearly_and_changes_nothing()
    {
        using var clone = _scenario.NewClone();
        clone.Git("remote", "set-url", "origin", $"http://127.0.0.1:{FreePort.Next()}/fleet.git");
        var localRefs = clone.Git("for-each-ref");

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, _bad)));

        Assert.Equal("GitRemoteUnreachable", error.ErrorId);
        Assert.Equal(localRefs, clone.Git("for-each-ref"));
    }

    [Fact]
    public void An_unknown_sha_fails_clearly_and_changes_nothing()
    {
        using var clone = _scenario.NewClone();
        var (refs, localRefs) = (_scenario.RemoteRefs, clone.Git("for-each-ref"));

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, new string('e', 40))));

        Assert.Equal("CommitNotFound", error.ErrorId);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(localRefs, clone.Git("for-each-ref"));
    }

    [Fact]
    public void A_branch_the_remote_does_not_have_is_a_clear_error()
    {
        using var clone = _scenario.NewClone();
        var request = Request(clone, _bad);

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Branch = "release",
        }));

        Assert.Equal("RemoteBranchNotFound", error.ErrorId);
        Assert.DoesNotContain("refs/heads/release", _scenario.RemoteRefs, StringComparison.Ordinal);
    }

    [Fact]
    public void A_merge_commit_is_reverted_against_its_first_parent()
    {
        _scenario.SyncPublisher();
        _scenario.Publisher.Git("checkout", "-q", "-b", "feature");
        _scenario.Publisher.Commit("Feature config", new Dictionary<string, string> { ["apps/feature.yaml"] = "enabled: true\n" });
        _scenario.Publisher.Git("checkout", "-q", "-");
        _scenario.Publisher.Commit("Mainline change", new Dictionary<string, string> { ["infra/dns.yaml"] = "ttl: 30\n" });
        _scenario.Publisher.Git("merge", "-q", "--no-ff", "-m", "Merge feature", "feature");
        var merge = _scenario.Publisher.Head;
        _scenario.Publisher.Git("push", "-q", "origin", "HEAD:main");
        using var clone = _scenario.NewClone();

        FluxReverter.Run(Request(clone, merge));

        Assert.Equal(_scenario.RemoteTree(merge + "^1"), _scenario.RemoteTree("main"));
        Assert.Contains($"This reverts commit {merge}, reversing\nchanges made to", _scenario.RemoteMessage("main"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reverting_a_fluxops_revert_needs_force()
    {
        using var clone = _scenario.NewClone();
        var revert = Assert.Single(FluxReverter.Run(Request(clone, _bad))).RevertSha!;

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(Request(clone, revert)));

        Assert.Equal("RevertOfFluxOpsRevert", error.ErrorId);
        Assert.Equal(revert, _scenario.RemoteHead);
    }

    [Fact]
    public void A_missing_identity_is_a_clear_error()
    {
        using var clone = _scenario.NewClone(withIdentity: false);
        clone.Git("config", "user.name", string.Empty);
        var request = Request(clone, _bad);

        var error = Assert.Throws<GitOperationException>(() => FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Environment = new Dictionary<string, string?>(),
        }));

        Assert.Equal("IdentityMissing", error.ErrorId);
    }

    [Fact]
    public void Preview_describes_the_commit_and_changes_nothing()
    {
        using var clone = _scenario.NewClone();
        var (refs, localRefs) = (_scenario.RemoteRefs, clone.Git("for-each-ref"));

        var preview = FluxReverter.Preview(Request(clone, _bad));

        Assert.Contains("Revert \"Update from image update automation\"", preview.Describe(), StringComparison.Ordinal);
        Assert.Equal(["apps/web.yaml"], Assert.Single(preview.Commits).Files);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(localRefs, clone.Git("for-each-ref"));
    }

    [Fact]
    public void Several_commits_are_reverted_newest_first_or_squashed()
    {
        using var clone = _scenario.NewClone();
        var request = Request(clone, _good, _bad);

        var results = FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Settings = new RevertSettings { Squash = true },
        });

        Assert.Equal(2, results.Count);
        Assert.Single(results.Select(r => r.RevertSha).Distinct());
        var message = _scenario.RemoteMessage("main");
        Assert.StartsWith("Revert 2 commits", message, StringComparison.Ordinal);
        Assert.True(message.IndexOf(_bad, StringComparison.Ordinal) < message.IndexOf(_good, StringComparison.Ordinal), "newest first");
        Assert.Equal("replicas: 2", _scenario.RemoteFile("main", "infra/ingress.yaml"));
    }

    public void Dispose() => _scenario.Dispose();
}

/// <summary>The same behaviour through libgit2 (no git binary needed).</summary>
public sealed class FluxReverterLibGit2Tests : FluxReverterTests
{
    protected override IGitTransport? TransportFor(GitCredential? credential) => new LibGit2Transport(credential);
}
