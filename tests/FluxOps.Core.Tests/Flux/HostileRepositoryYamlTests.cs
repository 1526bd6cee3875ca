using FluxOps.Core.Flux;
using FluxOps.Testing;
using LibGit2Sharp;

namespace FluxOps.Core.Tests.Flux;

/// <summary>
/// Repository YAML is input: a committed file nesting 100,000 '[' used to kill the receiver and Get-FluxBadCommit
/// -ImageAutomation with a stack overflow. Through the YAML gateway such files (and alias bombs, and bytes that are
/// not UTF-8) are skipped, and the fleet's good manifests still answer.
/// </summary>
public sealed class HostileRepositoryYamlTests : IDisposable
{
    private const string Automation = """
        apiVersion: image.toolkit.fluxcd.io/v1
        kind: ImageUpdateAutomation
        metadata: {name: fleet, namespace: flux-system}
        spec:
          git:
            commit:
              author: {name: bumper, email: bumper@acme.test}
              messageTemplate: 'chore(images): {{range .Changed.Changes}}{{.NewValue}} {{end}}'
        """;

    private readonly GitWorkTree _clone = new();

    public HostileRepositoryYamlTests()
    {
        _clone.Git("config", "user.name", "Ops Engineer");
        _clone.Git("config", "user.email", "ops@example.test");
        HostileYaml.Commit(_clone);
        _clone.Commit("Initial fleet", new Dictionary<string, string>
        {
            ["clusters/prod/kustomizations.yaml"] = FluxFleet.Kustomizations,
            ["clusters/prod/automation.yaml"] = Automation,
            ["apps/web.yaml"] = FluxFleet.Web("1.0.0"),
            ["apps/podinfo/release.yaml"] = FluxFleet.HelmRelease,
            ["apps/podinfo/values.yaml"] = "replicaCount: 1\n",
        });
    }

    [Fact]
    public void The_fixture_really_is_hostile_and_really_is_in_the_tree_before_the_fleet()
    {
        using var repository = new Repository(_clone.Path);
        var vendor = (Tree)repository.Head.Tip.Tree["_vendor"].Target;

        Assert.Equal("_vendor", repository.Head.Tip.Tree.First().Name);
        Assert.Equal(HostileYaml.DeepNesting.Length, ((Blob)vendor["1-deep.yaml"].Target).Size);
        Assert.Equal(HostileYaml.NotUtf8, ReadAll((Blob)vendor["3-not-utf8.yaml"].Target));
    }

    [Fact]
    public void Kustomization_paths_come_from_the_good_manifest_only()
    {
        using var repository = new Repository(_clone.Path);
        var tree = repository.Head.Tip.Tree;

        // The alias bomb and the non-UTF-8 file both declare flux-system/apps with another path; neither is believed.
        Assert.Equal("apps", FluxManifestIndex.KustomizationPath(tree, "flux-system", "apps"));
        Assert.Equal("infra", FluxManifestIndex.KustomizationPath(tree, "flux-system", "infra"));
        Assert.Null(FluxManifestIndex.KustomizationPath(tree, "flux-system", "deep"));
    }

    [Fact]
    public void HelmRelease_files_are_still_found_with_their_values()
    {
        using var repository = new Repository(_clone.Path);

        var files = FluxManifestIndex.HelmReleaseFiles(repository.Head.Tip.Tree, "apps", "podinfo");

        Assert.Equal(["apps/podinfo/release.yaml", "apps/podinfo/values.yaml"], files);
    }

    [Fact]
    public void Image_automation_matching_reads_the_good_manifest_and_skips_the_hostile_ones()
    {
        var byAuthor = EmptyCommit("--author=bumper <bumper@acme.test>", "-m", "custom bump");
        var byTemplate = EmptyCommit("-m", "chore(images): ghcr.io/acme/web:1.5.0");
        var byPerson = EmptyCommit("-m", "Fix the readme");
        using var repository = new Repository(_clone.Path);

        var automation = ImageAutomationCommits.FromTree(repository.Head.Tip.Tree, []);

        Assert.Equal(["bumper@acme.test"], automation.Authors);
        Assert.Equal([ImageAutomationCommits.DefaultMessage, "chore(images):"], automation.MessagePrefixes);
        Assert.Null(automation.Match(repository.Lookup<Commit>(byPerson)));
        Assert.Equal("image automation (messageTemplate)", automation.Match(repository.Lookup<Commit>(byTemplate)));
        Assert.Equal("image automation (author bumper@acme.test)", automation.Match(repository.Lookup<Commit>(byAuthor)));
    }

    [Fact]
    public void A_repository_of_nothing_but_hostile_files_answers_nothing_found()
    {
        using var only = new GitWorkTree();
        only.Git("config", "user.name", "Ops Engineer");
        only.Git("config", "user.email", "ops@example.test");
        HostileYaml.Commit(only);
        using var repository = new Repository(only.Path);
        var tree = repository.Head.Tip.Tree;

        Assert.Null(FluxManifestIndex.KustomizationPath(tree, "flux-system", "apps"));
        Assert.Empty(FluxManifestIndex.HelmReleaseFiles(tree, "flux-system", "apps"));
        Assert.Empty(ImageAutomationCommits.FromTree(tree, []).Authors);
    }

    private string EmptyCommit(params string[] arguments)
    {
        _clone.Git(["commit", "-q", "--allow-empty", .. arguments]);
        return _clone.Head;
    }

    private static byte[] ReadAll(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose() => _clone.Dispose();
}
