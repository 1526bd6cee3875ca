using FluxOps.Core.ChangedImages;
using FluxOps.Core.Manifests;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.ChangedImages;

/// <summary>Each scenario is a real repository built with the git CLI, one commit per step.</summary>
public sealed class ChangedImageFinderTests : IDisposable
{
    private static readonly string Deployments = SampleManifests.ServiceAndDeployment();

    private readonly GitWorkTree _repo = new();

    [Fact]
    public void A_changed_tag_in_a_multi_document_file_is_modified_with_previous_and_its_true_line()
    {
        _repo.Commit("base", Files(("apps/web.yaml", Deployments)));
        var baseSha = _repo.Head;
        _repo.Commit("bump", Files(("apps/web.yaml", Deployments.Replace("web:1.0.0", "web:1.1.0", StringComparison.Ordinal))));

        var image = Assert.Single(Images(new ChangedImagesOptions { Base = baseSha }));

        Assert.Equal(("ghcr.io/acme/web:1.1.0", "Modified", "ghcr.io/acme/web:1.0.0"), (image.Image, image.Change, image.Previous));
        Assert.Equal(("apps/web.yaml", 13, 18), (image.File, image.Line, image.Column));
        Assert.Equal(("Deployment", "web", "Container"), (image.Kind, image.Name, image.Source));
    }

    [Fact]
    public void A_HelmRelease_whose_only_change_is_redis_tag_yields_that_one_image()
    {
        const string release = """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: cache, namespace: apps}
            spec:
              values:
                image: {repository: bitnami/redis-cluster, tag: 7.2.4}
                redis:
                  repository: bitnami/redis
                  tag: 7.2.4
            """;
        _repo.Commit("base", Files(("apps/cache.yaml", release)));
        _repo.Commit("redis", Files(("apps/cache.yaml", release.Replace("  tag: 7.2.4", "  tag: 7.10", StringComparison.Ordinal))));

        var image = Assert.Single(Images(new ChangedImagesOptions { Base = "HEAD~1" }));

        Assert.Equal(("docker.io/bitnami/redis:7.10".Replace("docker.io/", string.Empty, StringComparison.Ordinal), "Modified", "bitnami/redis:7.2.4", 8),
            (image.Image, image.Change, image.Previous, image.Line));
        Assert.Equal("7.10", image.Tag);
    }

    [Fact]
    public void An_overlay_whose_only_change_is_newTag_is_reported_at_the_entry_while_the_base_is_untouched()
    {
        _repo.Commit("base", Files(
            ("base/deploy.yaml", Deployments),
            ("base/kustomization.yaml", "resources: [deploy.yaml]\n"),
            ("overlays/prod/kustomization.yaml", "resources: [../../base]\nimages:\n  - name: ghcr.io/acme/web\n    newTag: 1.0.0\n")));
        _repo.Commit("promote", Files(("overlays/prod/kustomization.yaml", "resources: [../../base]\nimages:\n  - name: ghcr.io/acme/web\n    newTag: 1.2.0\n")));

        var image = Assert.Single(Images(new ChangedImagesOptions { Base = "HEAD~1" }));

        Assert.Equal(("ghcr.io/acme/web:1.2.0", "overlays/prod/kustomization.yaml", 3, "KustomizeImages", "Modified", "ghcr.io/acme/web:1.0.0"),
            (image.Image, image.File, image.Line, image.Source, image.Change, image.Previous));
        Assert.Equal(("Deployment", "web"), (image.Kind, image.Name));
    }

    [Fact]
    public void A_new_json6902_patch_yields_its_images_as_added()
    {
        _repo.Commit("base", Files(("base/deploy.yaml", Deployments)));
        _repo.Commit("patch", Files(("overlays/prod/image-patch.yaml",
            "- op: replace\n  path: /spec/template/spec/containers/0/image\n  value: ghcr.io/acme/web:2.0.0\n")));

        var image = Assert.Single(Images(new ChangedImagesOptions { Base = "HEAD~1" }));

        Assert.Equal(("ghcr.io/acme/web:2.0.0", "Added", null, "JsonPatch", 3), (image.Image, image.Change, image.Previous, image.Source, image.Line));
    }

    [Fact]
    public void Renames_are_followed_and_deletions_yield_nothing()
    {
        _repo.Commit("base", Files(("apps/web.yaml", Deployments), ("apps/old.yaml", Deployments.Replace("web", "old", StringComparison.Ordinal))));
        var baseSha = _repo.Head;
        _repo.Git("mv", "apps/web.yaml", "apps/frontend.yaml");
        _repo.Git("rm", "-q", "apps/old.yaml");
        _repo.Commit("rename and delete", Files());

        Assert.Empty(Images(new ChangedImagesOptions { Base = baseSha }));

        // A rename with an edit reports only the edited reference, against the old path's version.
        File.WriteAllText(Path.Combine(_repo.Path, "apps/frontend.yaml"), Deployments.Replace("envoy:v1.30.0", "envoy:v1.31.0", StringComparison.Ordinal) + "\n# moved\n");
        _repo.Git("add", "-A");
        _repo.Commit("edit", Files());
        var image = Assert.Single(Images(new ChangedImagesOptions { Base = baseSha }));
        Assert.Equal(("apps/frontend.yaml", "Modified", "envoyproxy/envoy:v1.30.0"), (image.File, image.Change, image.Previous));
    }

    [Fact]
    public void Only_changed_files_are_read_so_an_untouched_broken_file_is_not_reported()
    {
        _repo.Commit("base", Files(("broken.yaml", "a: [unclosed\n"), ("ci/.github/workflows/build.yaml", "jobs: {}\n")));
        _repo.Commit("add", Files(("apps/web.yaml", Deployments)));

        var items = ChangedImageFinder.Find(new ChangedImagesOptions { Path = _repo.Path, Base = "HEAD~1" }).ToList();

        Assert.DoesNotContain(items, i => i.Notice is { Level: ScanNoticeLevel.Error });
        Assert.Equal(["ghcr.io/acme/web:1.0.0", "envoyproxy/envoy:v1.30.0"], items.Where(i => i.Image is not null).Select(i => i.Image!.Image));
    }

    [Fact]
    public void Bad_files_give_one_error_each_and_the_other_files_still_yield_images()
    {
        _repo.Commit("base", Files());
        _repo.Commit("mixed", Files(
            ("a/broken.yaml", "apiVersion: v1\nkind: Pod\nspec: [unclosed\n"),
            ("b/deep.yaml", new string('[', 20_000)),
            ("c/web.yaml", Deployments),
            (".github/workflows/ci.yaml", "jobs:\n  b:\n    container: {image: node:20}\n"),
            ("charts/web/templates/deploy.yaml", "{{- if .Values.on }}\napiVersion: apps/v1\nkind: Deployment\n{{- end }}\n"),
            ("README.md", "# docs\n")));

        var items = ChangedImageFinder.Find(new ChangedImagesOptions { Path = _repo.Path, Base = "HEAD~1" }).ToList();

        Assert.Equal(["a/broken.yaml", "b/deep.yaml"], items.Where(i => i.Notice?.Level == ScanNoticeLevel.Error).Select(i => i.Notice!.File));
        Assert.Equal(2, items.Count(i => i.Image?.File == "c/web.yaml"));
        var skips = string.Join("\n", items.Where(i => i.Notice?.Level == ScanNoticeLevel.Skip).Select(i => i.Notice!.ToString()));
        Assert.Contains(".github/workflows/ci.yaml: CI workflow file", skips, StringComparison.Ordinal);
        Assert.Contains("charts/web/templates/deploy.yaml:1: not YAML until rendered", skips, StringComparison.Ordinal);
        Assert.Contains("README.md: not a YAML or JSON file", skips, StringComparison.Ordinal);
    }

    [Fact]
    public void Working_tree_changes_are_included_only_when_asked()
    {
        _repo.Commit("base", Files(("apps/web.yaml", Deployments)));
        File.WriteAllText(Path.Combine(_repo.Path, "apps/web.yaml"), Deployments.Replace("web:1.0.0", "web:1.0.1", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.Combine(_repo.Path, "apps/new"));
        File.WriteAllText(Path.Combine(_repo.Path, "apps/new/job.yaml"), "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: j, image: acme/job:1}]\n");
        _repo.Git("add", "apps/new/job.yaml");

        Assert.Empty(Images(new ChangedImagesOptions { Base = "HEAD" }));
        var images = Images(new ChangedImagesOptions { Base = "HEAD", IncludeWorkingTree = true });
        Assert.Equal([("ghcr.io/acme/web:1.0.1", "Modified"), ("acme/job:1", "Added")],
            images.Select(i => (i.Image, i.Change)).OrderByDescending(t => t.Change));
    }

    [Fact]
    public void All_lists_every_image_at_head_filtered_by_globs()
    {
        _repo.Commit("tree", Files(
            ("apps/web.yaml", Deployments),
            ("apps/prod/values.yaml", "image: {repository: acme/api, tag: '5'}\n"),
            ("infra/kustomization.yaml", "images: [{name: acme/infra, newTag: '1'}]\n")));

        // infra's images entry matches no container, so it deploys nothing.
        Assert.Equal(3, Images(new ChangedImagesOptions { All = true }).Count);
        var filtered = Images(new ChangedImagesOptions { All = true, Include = ["apps/**"], Exclude = ["values.yaml"] });
        Assert.Equal(["ghcr.io/acme/web:1.0.0", "envoyproxy/envoy:v1.30.0"], filtered.Select(i => i.Image));
        Assert.All(filtered, i => Assert.Equal("Existing", i.Change));
    }

    [Fact]
    public void Many_files_are_scanned_in_parallel_and_still_come_out_in_path_order()
    {
        var files = Enumerable.Range(0, 120).ToDictionary(i => $"apps/app{i:D3}/deploy.yaml", i => Deployments.Replace("web:1.0.0", $"web:1.0.{i}", StringComparison.Ordinal));
        _repo.Commit("fleet", files);
        var bumped = files.Take(45).ToDictionary(f => f.Key, f => f.Value.Replace("envoy:v1.30.0", "envoy:v1.31.0", StringComparison.Ordinal));
        _repo.Commit("bump 45", bumped);

        var all = Images(new ChangedImagesOptions { All = true });
        Assert.Equal(240, all.Count);
        Assert.Equal(all.Select(i => i.File).Order(StringComparer.Ordinal), all.Select(i => i.File));
        Assert.Equal("ghcr.io/acme/web:1.0.119", all[^2].Image);

        var changed = Images(new ChangedImagesOptions { Base = "HEAD~1" });
        Assert.Equal(bumped.Keys.Order(StringComparer.Ordinal), changed.Select(i => i.File));
        Assert.All(changed, i => Assert.Equal(("envoyproxy/envoy:v1.31.0", "envoyproxy/envoy:v1.30.0"), (i.Image, i.Previous)));
    }

    [Fact]
    public void Base_defaults_to_the_merge_base_with_the_upstream_branch()
    {
        using var server = new TempDirectory("fluxops-bare");
        ProcessRunner.Git(server.Path, "init", "-q", "--bare", "--initial-branch=main");
        _repo.Commit("base", Files(("apps/web.yaml", Deployments)));
        _repo.Git("remote", "add", "origin", server.Path);
        _repo.Git("push", "-q", "-u", "origin", "main");
        using var clone = GitWorkTree.Clone(server.Path);
        clone.Git("checkout", "-q", "-b", "feature", "--track", "origin/main");
        clone.Commit("feature", Files(("apps/api.yaml", Deployments.Replace("acme/web", "acme/api", StringComparison.Ordinal))));
        // main moves on after the branch point; its changes are not the branch's.
        _repo.Commit("main moves", Files(("apps/other.yaml", Deployments.Replace("acme/web", "acme/other", StringComparison.Ordinal))));
        _repo.Git("push", "-q", "origin", "main");
        clone.Git("fetch", "-q", "origin");

        var images = ChangedImageFinder.Find(new ChangedImagesOptions { Path = clone.Path }).Select(i => i.Image).OfType<ImageReference>().ToList();

        Assert.Equal(["ghcr.io/acme/api:1.0.0", "envoyproxy/envoy:v1.30.0"], images.Select(i => i.Image));
        Assert.All(images, i => Assert.Equal("apps/api.yaml", i.File));
    }

    [Fact]
    public void Not_a_repository_and_unknown_revisions_are_clear_errors()
    {
        using var empty = new TempDirectory("fluxops-norepo");
        var notRepo = Assert.Throws<ChangedImagesException>(() => ChangedImageFinder.Find(new ChangedImagesOptions { Path = empty.Path }));
        Assert.Equal("NotAGitRepository", notRepo.ErrorId);
        Assert.Contains("not inside a git repository", notRepo.Message, StringComparison.Ordinal);

        _repo.Commit("base", Files(("apps/web.yaml", Deployments)));
        var unknown = Assert.Throws<ChangedImagesException>(() => Images(new ChangedImagesOptions { Base = "origin/does-not-exist" }));
        Assert.Equal("RevisionNotFound", unknown.ErrorId);
        Assert.Contains("'origin/does-not-exist' is not a commit", unknown.Message, StringComparison.Ordinal);

        var noUpstream = Assert.Throws<ChangedImagesException>(() => Images(new ChangedImagesOptions()));
        Assert.Equal("NoBaseRevision", noUpstream.ErrorId);
    }

    [Fact]
    public void A_shallow_clone_missing_the_base_says_to_fetch_full_history()
    {
        _repo.Commit("one", Files(("apps/web.yaml", Deployments)));
        _repo.Commit("two", Files(("apps/api.yaml", Deployments)));
        _repo.Commit("three", Files(("apps/job.yaml", Deployments)));
        _repo.Git("checkout", "-q", "-b", "feature");
        _repo.Commit("feature", Files(("apps/feature.yaml", Deployments)));
        _repo.Git("checkout", "-q", "main");
        _repo.Commit("main moves", Files(("apps/main.yaml", Deployments)));
        using var shallow = new TempDirectory("fluxops-shallow");
        ProcessRunner.Git(shallow.Path, "clone", "-q", "--depth", "1", "--branch", "feature", "file://" + _repo.Path, ".");
        ProcessRunner.Git(shallow.Path, "fetch", "-q", "--depth", "1", "origin", "main:refs/remotes/origin/main");

        var missingRevision = Assert.Throws<ChangedImagesException>(() =>
            ChangedImageFinder.Find(new ChangedImagesOptions { Path = shallow.Path, Base = "HEAD~2" }));
        Assert.Equal("ShallowCloneMissingRevision", missingRevision.ErrorId);
        Assert.Contains("fetch-depth: 0", missingRevision.Message, StringComparison.Ordinal);

        var missingBase = Assert.Throws<ChangedImagesException>(() =>
            ChangedImageFinder.Find(new ChangedImagesOptions { Path = shallow.Path, Base = "origin/main" }));
        Assert.Equal("ShallowCloneMissingBase", missingBase.ErrorId);
        Assert.Contains("git fetch --unshallow", missingBase.Message, StringComparison.Ordinal);
    }

    private List<ImageReference> Images(ChangedImagesOptions options)
    {
        options.Path = _repo.Path;
        var items = ChangedImageFinder.Find(options).ToList();
        Assert.DoesNotContain(items, i => i.Notice is { Level: ScanNoticeLevel.Error or ScanNoticeLevel.Warning });
        return items.Select(i => i.Image).OfType<ImageReference>().ToList();
    }

    private static Dictionary<string, string> Files(params (string Path, string Content)[] files) =>
        files.ToDictionary(f => f.Path, f => f.Content);

    public void Dispose() => _repo.Dispose();
}
