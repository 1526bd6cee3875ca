using FluxOps.Core.Git;
using FluxOps.Core.Revert;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Revert;

/// <summary>
/// Revert and push against the real git smart-HTTP server (nginx + git-http-backend, Basic auth), through the default
/// transport (the system git, which is installed here). <see cref="FluxReverterLibGit2Tests"/> runs every test again through
/// libgit2, the transport used where no git binary exists (Azure Automation).
/// </summary>
public partial class FluxReverterTests : IDisposable
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
    private protected virtual IGitTransport? TransportFor(GitCredential? credential) => null;

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
    public void Declining_the_preview_describes_the_commit_and_changes_nothing()
    {
        using var clone = _scenario.NewClone();
        var (refs, branch) = (_scenario.RemoteRefs, clone.Git("rev-parse", "refs/heads/main"));
        var request = Request(clone, _bad);
        RevertPreview? seen = null;

        var results = FluxReverter.Run(new RevertRequest
        {
            RepositoryPath = request.RepositoryPath,
            Commits = request.Commits,
            Credential = request.Credential,
            Transport = TransportFor(request.Credential),
            Approve = preview =>
            {
                seen = preview;
                return false; // what -WhatIf and a "No" to -Confirm answer
            },
        });

        Assert.Empty(results);
        Assert.Contains("Revert \"Update from image update automation\"", seen!.Describe(), StringComparison.Ordinal);
        Assert.Equal(["apps/web.yaml"], Assert.Single(seen.Commits).Files);
        Assert.Equal(refs, _scenario.RemoteRefs);
        Assert.Equal(branch, clone.Git("rev-parse", "refs/heads/main"));
        Assert.Empty(clone.Git("status", "--porcelain"));
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
    private protected override IGitTransport? TransportFor(GitCredential? credential) => new LibGit2Transport(credential);
}
