using FluxOps.Core.Git;
using FluxOps.Core.History;
using FluxOps.Testing;
using LibGit2Sharp;

namespace FluxOps.Core.Tests.History;

/// <summary>History queries on a clone of a repository served by the real git smart-HTTP server.</summary>
public sealed class CommitFinderTests : IDisposable
{
    private readonly FluxRepoScenario _scenario = new();
    private readonly string _base;
    private readonly string _appsChange;
    private readonly string _automation;
    private readonly string _infraChange;
    private readonly GitWorkTree _clone;

    public CommitFinderTests()
    {
        _base = _scenario.Push("Initial fleet", new Dictionary<string, string>
        {
            ["clusters/prod/apps/web.yaml"] = "image: ghcr.io/acme/web:1.3.0 # {\"$imagepolicy\": \"flux-system:web\"}\n",
            ["infra/ingress.yaml"] = "replicas: 2\n",
        });
        _appsChange = _scenario.Push("Scale web", new Dictionary<string, string> { ["clusters/prod/apps/web.yaml"] = "image: ghcr.io/acme/web:1.3.0 # {\"$imagepolicy\": \"flux-system:web\"}\nreplicas: 3\n" });
        _automation = _scenario.Push("Update from image update automation", new Dictionary<string, string> { ["clusters/prod/apps/web.yaml"] = "image: ghcr.io/acme/web:1.4.0 # {\"$imagepolicy\": \"flux-system:web\"}\nreplicas: 3\n" });
        _infraChange = _scenario.Push("Ingress replicas", new Dictionary<string, string> { ["infra/ingress.yaml"] = "replicas: 4\n" });
        _clone = _scenario.NewClone();
    }

    [Fact]
    public void A_flux_revision_string_selects_exactly_that_commit()
    {
        using var repository = new Repository(_clone.Path);

        var found = CommitFinder.Find(repository, new CommitQuery { Revision = $"main@sha1:{_automation}" }, _clone.Path).ToList();

        var commit = Assert.Single(found);
        Assert.Equal(_automation, commit.Sha);
        Assert.Equal("main", commit.Branch);
        Assert.Equal(["clusters/prod/apps/web.yaml"], commit.Files);
        Assert.True(commit.IsImageAutomation);
        Assert.Contains("revision main@sha1:", commit.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_applied_attempted_range_lists_only_the_new_commits_newest_first()
    {
        using var repository = new Repository(_clone.Path);

        var found = CommitFinder.Find(repository, new CommitQuery
        {
            LastApplied = $"main@sha1:{_appsChange}",
            LastAttempted = $"main@sha1:{_infraChange}",
        }, _clone.Path).Select(c => c.Sha).ToList();

        Assert.Equal([_infraChange, _automation], found);
    }

    [Fact]
    public void Include_keeps_commits_that_touch_the_kustomization_path()
    {
        using var repository = new Repository(_clone.Path);

        var found = CommitFinder.Find(repository, new CommitQuery { Include = ["./clusters/prod"] }, _clone.Path).Select(c => c.Sha).ToList();

        Assert.Equal([_automation, _appsChange, _base], found);
    }

    [Fact]
    public void Author_and_first_limit_the_result()
    {
        _scenario.SyncPublisher();
        _scenario.Publisher.Git("-c", "user.name=Robot", "-c", "user.email=robot@example.test", "commit", "-q", "--allow-empty", "--author=Robot <robot@example.test>", "-m", "Robot change");
        _scenario.Publisher.Git("push", "-q", "origin", "HEAD:main");
        _scenario.Pull(_clone);
        using var repository = new Repository(_clone.Path);

        var byRobot = CommitFinder.Find(repository, new CommitQuery { Authors = ["robot@*"] }, _clone.Path).ToList();
        var first = CommitFinder.Find(repository, new CommitQuery { First = 2 }, _clone.Path).ToList();

        Assert.Equal("Robot change", Assert.Single(byRobot).Subject);
        Assert.Equal(2, first.Count);
    }

    [Fact]
    public void Image_automation_is_found_by_default_message_and_by_manifest_author()
    {
        _scenario.SyncPublisher();
        _scenario.Push("Add automation", new Dictionary<string, string>
        {
            ["clusters/prod/flux-system/automation.yaml"] = """
                apiVersion: image.toolkit.fluxcd.io/v1
                kind: ImageUpdateAutomation
                metadata: {name: fleet, namespace: flux-system}
                spec:
                  git:
                    commit:
                      author: {name: bumper, email: bumper@acme.test}
                      messageTemplate: 'chore(images): {{range .Changed.Changes}}{{.NewValue}} {{end}}'
                """,
        });
        _scenario.Publisher.Git("commit", "-q", "--allow-empty", "--author=bumper <bumper@acme.test>", "-m", "custom bump");
        _scenario.Publisher.Git("commit", "-q", "--allow-empty", "-m", "chore(images): ghcr.io/acme/web:1.5.0");
        _scenario.Publisher.Git("push", "-q", "origin", "HEAD:main");
        _scenario.Pull(_clone);
        using var repository = new Repository(_clone.Path);

        var found = CommitFinder.Find(repository, new CommitQuery { ImageAutomation = true }, _clone.Path).ToList();

        Assert.Equal(["chore(images): ghcr.io/acme/web:1.5.0", "custom bump", "Update from image update automation"], found.Select(c => c.Subject));
        Assert.All(found, c => Assert.True(c.IsImageAutomation));
        Assert.Contains("messageTemplate", found[0].Reason, StringComparison.Ordinal);
        Assert.Contains("bumper@acme.test", found[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Since_stops_the_walk_at_older_commits()
    {
        using var repository = new Repository(_clone.Path);

        var future = CommitFinder.Find(repository, new CommitQuery { Since = DateTimeOffset.Now.AddHours(1) }, _clone.Path).ToList();
        var past = CommitFinder.Find(repository, new CommitQuery { Since = DateTimeOffset.Now.AddHours(-1) }, _clone.Path).ToList();

        Assert.Empty(future);
        Assert.Equal(4, past.Count);
    }

    [Fact]
    public void An_unknown_sha_is_a_clear_not_found_error()
    {
        using var repository = new Repository(_clone.Path);

        var error = Assert.Throws<GitOperationException>(() =>
            CommitFinder.Find(repository, new CommitQuery { Revision = "main@sha1:" + new string('d', 40) }, _clone.Path).ToList());

        Assert.Equal("CommitNotFound", error.ErrorId);
        Assert.Equal(FailureKind.ObjectNotFound, error.Kind);
    }

    public void Dispose() => _scenario.Dispose();
}
