using FluxOps.Core.ChangedImages;
using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.ChangedImages;

/// <summary>
/// Kustomize's whole-build images tests (api/krusty/transformersimage_test.go), re-created: the same kustomizations and
/// resources rendered by FluxOps, with the images kustomize build writes. Where FluxOps deliberately renders something
/// else, the test name says so and what it renders instead.
/// </summary>
public sealed class KustomizeBuildImagesTests : IDisposable
{
    // The images entries of transformersimage_test.go's base: tags, digests, new names, a registry with a port.
    private const string BaseImages = """
        images:
        - name: nginx
          newTag: v2
        - name: my-nginx
          newTag: previous
        - name: myprivaterepohostname:1234/my/image
          newTag: v1.0.1
        - name: foobar
          digest: sha256:24a0c4b4
        - name: alpine
          newName: myprivaterepohostname:1234/my/cool-alpine
        - name: gcr.io:8080/my-project/my-cool-app
          newName: my-cool-app
        - name: postgres
          newName: my-postgres
          newTag: v3
        - name: docker
          newName: my-docker
          digest: sha256:25a0d4b4

        """;

    private const string Deploy1 = """
        group: apps
        apiVersion: v1
        kind: Deployment
        metadata:
          name: deploy1
        spec:
          template:
            spec:
              initContainers:
              - name: nginx2
                image: my-nginx:1.8.0
              - name: init-alpine
                image: alpine:1.8.0
              containers:
              - name: ngnix
                image: nginx:1.7.9
              - name: repliaced-with-digest
                image: foobar:1
              - name: postgresdb
                image: postgres:1.8.0

        """;

    // random.yaml of the upstream base; upstream leaves out apiVersion (see the deliberate difference below).
    private const string Random = """
        kind: randomKind
        metadata:
          name: random
        spec:
          template:
            spec:
              containers:
              - name: ngnix1
                image: nginx
        spec2:
          template:
            spec:
              containers:
              - name: nginx3
                image: nginx:v1
              - name: nginx4
                image: my-nginx:latest
        spec3:
          template:
            spec:
              initContainers:
              - name: postgresdb
                image: postgres:alpine-9
              - name: init-docker
                image: docker:17-git
              - name: myImage
                image: myprivaterepohostname:1234/my/image:latest
              - name: myImage2
                image: myprivaterepohostname:1234/my/image
              - name: my-app
                image: my-app-image:v1
              - name: my-cool-app
                image: gcr.io:8080/my-project/my-cool-app:latest

        """;

    private readonly GitWorkTree _repo = new();

    [Fact]
    public void Default_config_transforms_pod_templates_and_every_container_list_of_any_kind()
    {
        var outcome = Render("base", ("base/kustomization.yaml", "resources:\n- deploy1.yaml\n- random.yaml\n" + BaseImages),
            ("base/deploy1.yaml", Deploy1), ("base/random.yaml", "apiVersion: example.com/v1\n" + Random));

        Assert.Equal(
        [
            "foobar@sha256:24a0c4b4", "my-app-image:v1", "my-cool-app:latest", "my-docker@sha256:25a0d4b4", "my-nginx:previous", "my-nginx:previous",
            "my-postgres:v3", "my-postgres:v3", "myprivaterepohostname:1234/my/cool-alpine:1.8.0", "myprivaterepohostname:1234/my/image:v1.0.1",
            "myprivaterepohostname:1234/my/image:v1.0.1", "nginx:v2", "nginx:v2", "nginx:v2",
        ], Values(outcome));
    }

    [Fact]
    public void Deliberate_difference_an_object_without_apiVersion_renders_no_images_because_no_cluster_accepts_it()
    {
        // kustomize build passes random.yaml through without apiVersion; Flux cannot apply such an object at all.
        var outcome = Render("base", ("base/kustomization.yaml", "resources:\n- deploy1.yaml\n- random.yaml\n" + BaseImages),
            ("base/deploy1.yaml", Deploy1), ("base/random.yaml", Random));

        Assert.Equal(["foobar@sha256:24a0c4b4", "my-nginx:previous", "my-postgres:v3", "myprivaterepohostname:1234/my/cool-alpine:1.8.0", "nginx:v2"], Values(outcome));
        Assert.Contains(outcome.Notices, n => n.File == "base/random.yaml" && n.Reason.Contains("has no apiVersion and kind", StringComparison.Ordinal));
    }

    [Fact]
    public void Deliberate_difference_custom_field_specs_from_configurations_are_not_applied_and_a_warning_says_so()
    {
        // Upstream's Knative case: its configurations file adds the field path, so kustomize build writes solsa-echo:foo.
        var outcome = Render("base",
            ("base/kustomization.yaml", "resources:\n- knative.yaml\nconfigurations:\n- config/knative.yaml\nimages:\n- name: solsa-echo\n  newTag: foo\n"),
            ("base/knative.yaml", "apiVersion: serving.knative.dev/v1alpha1\nkind: Service\nmetadata:\n  name: echo\nspec:\n  runLatest:\n    configuration:\n      revisionTemplate:\n        spec:\n          container:\n            image: solsa-echo\n"),
            ("base/config/knative.yaml", "images:\n- path: spec/runLatest/configuration/revisionTemplate/spec/container/image\n  group: serving.knative.dev\n  version: v1alpha1\n  kind: Service\n"));

        Assert.Equal(["solsa-echo"], Values(outcome));
        var warning = Assert.Single(outcome.Notices, n => n.Level == ScanNoticeLevel.Warning);
        Assert.Equal(("base/kustomization.yaml", 3), (warning.File, warning.Line));
        Assert.Contains("'configurations'", warning.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_container_lists_that_no_field_spec_reaches_are_left_as_written_and_are_not_container_images()
    {
        // Upstream's custom-config case: its field specs name kind Custom, so nothing of customKind changes in kustomize build;
        // myContainers is no list a cluster runs, so FluxOps renders no images from it.
        var outcome = Render("base",
            ("base/kustomization.yaml", "resources:\n- custom.yaml\nconfigurations:\n- config/custom.yaml\n" + BaseImages),
            ("base/config/custom.yaml", "images:\n- kind: Custom\n  path: spec/template/spec/myContainers[]/image\n- kind: Custom\n  path: spec2/template/spec/myContainers[]/image\n- kind: Custom\n  path: spec3/template/spec/myInitContainers[]/image\n"),
            ("base/custom.yaml", "apiVersion: example.com/v1\n" + Random.Replace("containers:", "myContainers:", StringComparison.Ordinal).Replace("initContainers:", "myInitContainers:", StringComparison.Ordinal)));

        Assert.Empty(Values(outcome));
        Assert.DoesNotContain(outcome.Notices, n => n.Level is ScanNoticeLevel.Error);
    }

    [Fact]
    public void An_images_name_that_is_not_a_valid_regular_expression_matches_nothing()
    {
        var outcome = Render(string.Empty, ("kustomization.yaml", "resources:\n- deploy.yaml\nimages:\n- name: \"[\"\n  newTag: v2\n"),
            ("deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: deploy\nspec:\n  template:\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.7.9\n"));

        Assert.Equal(["nginx:1.7.9"], Values(outcome));
    }

    [Fact]
    public void Deliberate_difference_a_json_patch_is_not_merged_so_the_image_it_replaces_is_rendered_beside_the_patched_one()
    {
        // Issue 1281: the patch replaces ben's container with costello, and the images entries apply after the patch, so
        // kustomize build writes costello:v8 for ben and abbott:v2 for alice. FluxOps transforms the patch's image the same
        // way, at the patch's line, and keeps ben's original container too (abbott:v2 once more).
        var outcome = Render(string.Empty,
            ("kustomization.yaml", "resources:\n- deployment.yaml\n\nimages:\n- name: abbott\n  newTag: v2\n- name: costello\n  newTag: v8\n\npatchesJson6902:\n- target:\n    group: apps\n    version: v1\n    kind: Deployment\n    name: ben\n  path: patch.json\n"),
            ("deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ben\nspec:\n  template:\n    spec:\n      dnsPolicy: \"None\"\n      containers:\n      - name: awesome\n        image: abbott\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: alice\nspec:\n  template:\n    spec:\n      containers:\n      - name: tomato\n        image: abbott\n"),
            ("patch.json", "[ {\"op\": \"add\",\n   \"path\": \"/spec/replica\", \"value\": \"3\"},\n  {\"op\": \"replace\",\n   \"path\": \"/spec/template/spec/containers/0\",\n   \"value\": { \"image\": \"costello\" } } ]\n"));

        Assert.Equal(["abbott:v2", "abbott:v2", "costello:v8"], Values(outcome));
        var patched = Assert.Single(outcome.Images, i => i.Value == "costello:v8");
        Assert.Equal(("patch.json", 5, "JsonPatch"), (patched.Written.Reference.File, patched.Written.Reference.Line, patched.Written.Reference.Source));
        Assert.Contains("patch.json", outcome.Read);
    }

    private RenderOutcome Render(string root, params (string Path, string Content)[] files)
    {
        _repo.Commit("case", files.ToDictionary(f => f.Path, f => f.Content));
        using var repository = new LibGit2Sharp.Repository(_repo.Path);
        using var reader = GitObjectReader.Open(repository);
        var snapshot = new GitTreeSnapshot(reader, GitOid.FromBytes(repository.Head.Tip.Tree.Id.RawId));
        return new KustomizeRenderer(new KustomizeIndex(snapshot, new ManifestCache(ManifestScanner.DefaultMaxFileBytes))).Render(new KustomizeRoot(root, null));
    }

    private static List<string> Values(RenderOutcome outcome) => outcome.Images.Select(i => i.Value).Order(StringComparer.Ordinal).ToList();

    public void Dispose() => _repo.Dispose();
}
