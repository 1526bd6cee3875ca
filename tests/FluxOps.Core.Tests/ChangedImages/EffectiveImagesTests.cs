using FluxOps.Core.ChangedImages;
using FluxOps.Core.Manifests;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.ChangedImages;

/// <summary>The cases of issue 12 on real git repositories: what Kustomize and Flux would render, compared at Base and Head.</summary>
public sealed class EffectiveImagesTests : IDisposable
{
    private readonly GitWorkTree _repo = new();

    private static string Deployment(string name, params string[] images) =>
        $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: {name}}}\nspec:\n  template:\n    spec:\n      containers:\n" +
        string.Concat(images.Select((image, i) => $"        - name: c{i}\n          image: {image}\n"));

    private static string CronJob(string name, string image) =>
        $"apiVersion: batch/v1\nkind: CronJob\nmetadata: {{name: {name}}}\nspec:\n  schedule: '* * * * *'\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: {image}\n";

    [Fact]
    public void An_entry_with_only_newName_reports_the_renamed_image_with_the_written_tag_at_the_entry()
    {
        _repo.Commit("base", Files(("base/deploy.yaml", Deployment("web", "nginx:1.7.9")), ("base/kustomization.yaml", "resources: [deploy.yaml]\n"),
            ("prod/kustomization.yaml", "resources: [../base]\n")));
        _repo.Commit("mirror", Files(("prod/kustomization.yaml", "resources: [../base]\nimages:\n  - name: nginx\n    newName: busybox\n")));

        var image = Assert.Single(Changed());
        Assert.Equal(("busybox:1.7.9", "Modified", "nginx:1.7.9", "prod/kustomization.yaml", 3, "KustomizeImages"),
            (image.Image, image.Change, image.Previous, image.File, image.Line, image.Source));
    }

    [Fact]
    public void Kustomize_bug_4814_agreed_with_tagSuffix_doubles_on_pod_templates_so_redis_alpine_alpine_is_reported_as_deployed_and_a_cronjob_gets_it_once()
    {
        // Kustomize runs each entry through its legacy and its field-spec pass; both reach pod-template containers.
        _repo.Commit("base", Files(("app/cron.yaml", CronJob("cache-warm", "redis:6.2.6")), ("app/deploy.yaml", Deployment("cache", "redis:6.2.6")),
            ("app/kustomization.yaml", "resources: [cron.yaml, deploy.yaml]\n")));
        _repo.Commit("alpine", Files(("app/kustomization.yaml", "resources: [cron.yaml, deploy.yaml]\nimages:\n  - name: redis\n    tagSuffix: -alpine\n")));

        Assert.Equal(["redis:6.2.6-alpine", "redis:6.2.6-alpine-alpine"], Changed().Select(i => i.Image).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NewTag_with_digest_keeps_the_tag_and_the_Digest_key_spelled_in_capitals_works()
    {
        const string digest = "sha256:0b93a71fba1073c89264ec6145f0f849f7c14ac3cdb7131c2e5d813466d03c89";
        _repo.Commit("base", Files(("app/deploy.yaml", Deployment("web", "ghcr.io/acme/web:1.0", "ghcr.io/acme/api:1.0")), ("app/kustomization.yaml", "resources: [deploy.yaml]\n")));
        _repo.Commit("pin", Files(("app/kustomization.yaml",
            $"resources: [deploy.yaml]\nimages:\n  - name: ghcr.io/acme/web\n    newTag: '1.1'\n    digest: {digest}\n  - name: ghcr.io/acme/api\n    Digest: {digest}\n")));

        Assert.Equal([$"ghcr.io/acme/api@{digest}", $"ghcr.io/acme/web:1.1@{digest}"], Changed().Select(i => i.Image).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_file_named_Kustomization_without_extension_is_a_kustomization()
    {
        _repo.Commit("base", Files(("app/deploy.yaml", Deployment("web", "ghcr.io/acme/web:1.0")), ("app/Kustomization", "resources: [deploy.yaml]\n")));
        _repo.Commit("bump", Files(("app/Kustomization", "resources: [deploy.yaml]\nimages: [{name: ghcr.io/acme/web, newTag: '2.0'}]\n")));

        var image = Assert.Single(Changed());
        Assert.Equal(("ghcr.io/acme/web:2.0", "app/Kustomization"), (image.Image, image.File));
    }

    [Fact]
    public void A_new_base_image_every_overlay_renames_is_reported_only_as_rendered_never_as_latest()
    {
        _repo.Commit("empty", Files(("README.md", "gitops\n")));
        _repo.Commit("api", Files(("base/deploy.yaml", Deployment("api", "api")), ("base/kustomization.yaml", "resources: [deploy.yaml]\n"),
            ("staging/kustomization.yaml", "resources: [../base]\nimages: [{name: api, newName: ghcr.io/acme/api, newTag: '1.4-rc1'}]\n"),
            ("prod/kustomization.yaml", "resources: [../base]\nimages: [{name: api, newName: ghcr.io/acme/api, newTag: '1.3'}]\n")));

        var images = Changed();
        Assert.Equal([("ghcr.io/acme/api:1.3", "prod/kustomization.yaml"), ("ghcr.io/acme/api:1.4-rc1", "staging/kustomization.yaml")],
            images.Select(i => (i.Image, i.File!)));
        Assert.DoesNotContain(images, i => i.ImpliesLatest);
    }

    [Fact]
    public void An_entry_that_matches_no_container_deploys_nothing()
    {
        _repo.Commit("base", Files(("app/deploy.yaml", Deployment("web", "ghcr.io/acme/web:1.0")), ("app/kustomization.yaml", "resources: [deploy.yaml]\n")));
        _repo.Commit("stray", Files(("app/kustomization.yaml", "resources: [deploy.yaml]\nimages: [{name: ghcr.io/acme/unused, newTag: '9.9'}]\n")));

        Assert.Empty(Changed());
    }

    [Fact]
    public void A_patch_file_a_kustomization_names_is_deployed_and_its_image_goes_through_the_images_entries()
    {
        _repo.Commit("base", Files(("app/deploy.yaml", Deployment("web", "ghcr.io/acme/web:1.0")),
            ("app/kustomization.yaml", "resources: [deploy.yaml]\nimages: [{name: ghcr.io/acme/sidecar, newTag: '2.1'}]\n")));
        _repo.Commit("patch", Files(("app/sidecar.yaml", "- op: add\n  path: /spec/template/spec/containers/-\n  value: {name: sidecar, image: ghcr.io/acme/sidecar}\n"),
            ("app/kustomization.yaml", "resources: [deploy.yaml]\nimages: [{name: ghcr.io/acme/sidecar, newTag: '2.1'}]\npatches:\n  - path: sidecar.yaml\n    target: {kind: Deployment}\n")));

        var image = Assert.Single(Changed());
        Assert.Equal(("ghcr.io/acme/sidecar:2.1", "Added", "app/kustomization.yaml", 2), (image.Image, image.Change, image.File, image.Line));
    }

    [Fact]
    public void A_base_that_a_Flux_Kustomization_applies_directly_is_still_checked_as_written()
    {
        const string flux = "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: %N, namespace: flux-system}\nspec:\n  path: ./%P\n";
        _repo.Commit("empty", Files(("clusters/prod/prod.yaml", flux.Replace("%N", "prod", StringComparison.Ordinal).Replace("%P", "prod", StringComparison.Ordinal))));
        _repo.Commit("api", Files(("base/deploy.yaml", Deployment("api", "api")), ("base/kustomization.yaml", "resources: [deploy.yaml]\n"),
            ("prod/kustomization.yaml", "resources: [../base]\nimages: [{name: api, newName: ghcr.io/acme/api, newTag: '1.3'}]\n"),
            ("clusters/prod/raw.yaml", flux.Replace("%N", "raw", StringComparison.Ordinal).Replace("%P", "base", StringComparison.Ordinal))));

        var images = Changed();
        Assert.Equal([("api", "base/deploy.yaml", true), ("ghcr.io/acme/api:1.3", "prod/kustomization.yaml", false)],
            images.Select(i => (i.Image, i.File!, i.ImpliesLatest)));
    }

    [Fact]
    public void Flux_spec_images_apply_last_and_a_component_transforms_everything_accumulated_before_it()
    {
        _repo.Commit("base", Files(
            ("apps/web/deploy.yaml", Deployment("web", "ghcr.io/acme/web:1.0", "envoyproxy/envoy:v1.30.0")),
            ("apps/web/kustomization.yaml", "resources: [deploy.yaml]\ncomponents: [../../components/mirror]\n"),
            ("components/mirror/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nimages: [{name: envoyproxy/envoy, newName: mirror.acme.io/envoy}]\n"),
            ("clusters/prod/apps.yaml", "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: web}\nspec:\n  path: ./apps/web\n")));
        _repo.Commit("pin", Files(("clusters/prod/apps.yaml",
            "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: web}\nspec:\n  path: ./apps/web\n  images:\n    - name: ghcr.io/acme/web\n      newTag: '1.1'\n")));

        var image = Assert.Single(Changed());
        Assert.Equal(("ghcr.io/acme/web:1.1", "clusters/prod/apps.yaml", 7, "FluxKustomizationImages"), (image.Image, image.File, image.Line, image.Source));
        var all = Images(new ChangedImagesOptions { All = true });
        Assert.Equal(["ghcr.io/acme/web:1.1", "mirror.acme.io/envoy:v1.30.0"], all.Select(i => i.Image).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void All_reports_what_is_rendered_not_the_base_as_written()
    {
        _repo.Commit("tree", Files(("base/deploy.yaml", Deployment("web", "nginx:1.7.9")), ("base/kustomization.yaml", "resources: [deploy.yaml]\n"),
            ("prod/kustomization.yaml", "resources: [../base]\nimages: [{name: nginx, newName: busybox}]\n"), ("loose/job.yaml", CronJob("j", "acme/job:1"))));

        Assert.Equal([("acme/job:1", "loose/job.yaml"), ("busybox:1.7.9", "prod/kustomization.yaml")],
            Images(new ChangedImagesOptions { All = true }).Select(i => (i.Image, i.File!)).Order());
    }

    [Fact]
    public void A_valid_ipv6_registry_reference_is_reported_and_an_invalid_one_says_why()
    {
        _repo.Commit("base", Files(("README.md", "x\n")));
        _repo.Commit("ipv6", Files(("apps/web.yaml", Deployment("web", "'[::1]:5000/acme/web:1.0'", "Acme/Web:1"))));

        var items = ChangedImageFinder.Find(new ChangedImagesOptions { Path = _repo.Path, Base = "HEAD~1" }).ToList();
        var image = Assert.Single(items.Select(i => i.Image).OfType<ImageReference>());
        Assert.Equal(("[::1]:5000", "acme/web", "1.0"), (image.Registry, image.Repository, image.Tag));
        Assert.Contains(items, i => i.Notice?.Reason.Contains("'Acme/Web:1' is not a valid image reference: the repository name 'Web' must be lower case", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_changed_manifest_that_cannot_be_read_is_an_error_and_its_neighbours_still_count()
    {
        _repo.Commit("base", Files(("README.md", "x\n")));
        File.WriteAllBytes(Path.Combine(_repo.Path, "latin1.yaml"), [0x61, 0x3a, 0x20, 0xe9, 0x0a]);
        _repo.Git("add", "latin1.yaml");
        _repo.Commit("add", Files(("apps/web.yaml", Deployment("web", "ghcr.io/acme/web:1.0")), ("apps/broken.yaml", "kind: Pod\nspec: [\n")));

        var items = ChangedImageFinder.Find(new ChangedImagesOptions { Path = _repo.Path, Base = "HEAD~1", MaxFileBytes = 4096 }).ToList();
        Assert.Equal(["apps/broken.yaml", "latin1.yaml"], items.Where(i => i.Notice?.Level == ScanNoticeLevel.Error).Select(i => i.Notice!.File));
        Assert.Single(items.Select(i => i.Image).OfType<ImageReference>());
    }

    [Fact]
    public void The_working_tree_never_follows_a_link_out_of_the_repository_nor_reads_a_device()
    {
        _repo.Commit("base", Files(("apps/web.yaml", Deployment("web", "ghcr.io/acme/web:1.0")), ("apps/zero.yaml", "a: 1\n"), ("apps/secret.yaml", "a: 1\n")));
        using var outside = new TempDirectory("fluxops-outside");
        File.WriteAllText(Path.Combine(outside.Path, "secret.yaml"), Deployment("leak", "outside/secret:1"));
        File.Delete(Path.Combine(_repo.Path, "apps/zero.yaml"));
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "apps/zero.yaml"), "/dev/zero");
        File.Delete(Path.Combine(_repo.Path, "apps/secret.yaml"));
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "apps/secret.yaml"), Path.Combine(outside.Path, "secret.yaml"));

        var all = ChangedImageFinder.Find(new ChangedImagesOptions { Path = _repo.Path, All = true, IncludeWorkingTree = true }).ToList();

        Assert.Equal(["ghcr.io/acme/web:1.0"], all.Select(i => i.Image).OfType<ImageReference>().Select(i => i.Image));
        var errors = all.Where(i => i.Notice?.Level == ScanNoticeLevel.Error).Select(i => i.Notice!).ToList();
        Assert.Equal(["apps/secret.yaml", "apps/zero.yaml"], errors.Select(e => e.File));
        Assert.All(errors, e => Assert.Contains("outside the repository", e.Reason, StringComparison.Ordinal));
    }

    private List<ImageReference> Changed() => Images(new ChangedImagesOptions { Base = "HEAD~1" });

    private List<ImageReference> Images(ChangedImagesOptions options)
    {
        options.Path = _repo.Path;
        var items = ChangedImageFinder.Find(options).ToList();
        Assert.DoesNotContain(items, i => i.Notice is { Level: ScanNoticeLevel.Error or ScanNoticeLevel.Warning });
        return items.Select(i => i.Image).OfType<ImageReference>().ToList();
    }

    private static Dictionary<string, string> Files(params (string Path, string Content)[] files) => files.ToDictionary(f => f.Path, f => f.Content);

    public void Dispose() => _repo.Dispose();
}
