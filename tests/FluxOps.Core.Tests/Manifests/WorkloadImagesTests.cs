using FluxOps.Core.Manifests;
using static FluxOps.Core.Tests.Manifests.ScanHelper;

namespace FluxOps.Core.Tests.Manifests;

public sealed class WorkloadImagesTests
{
    [Fact]
    public void Finds_containers_init_and_ephemeral_containers_with_true_lines_in_multi_document_files()
    {
        var images = Images("apps/web.yaml", """
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  initContainers:
                    - name: migrate
                      image: ghcr.io/acme/migrate:2.0
                  containers:
                    - name: app
                      image: "ghcr.io/acme/web:1.4.2"
                  ephemeralContainers:
                    - name: debug
                      image: busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            """);

        Assert.Collection(images,
            i => { Assert.Equal(("ghcr.io/acme/migrate:2.0", 15, 18, "InitContainer"), (i.Image, i.Line, i.Column, i.Source)); },
            i =>
            {
                Assert.Equal(("ghcr.io/acme/web:1.4.2", 18, 18, "Container"), (i.Image, i.Line, i.Column, i.Source));
                Assert.Equal(("Deployment", "web", "apps/web.yaml"), (i.Kind, i.Name, i.File));
                Assert.Equal(("ghcr.io", "acme/web", "1.4.2"), (i.Registry, i.Repository, i.Tag));
            },
            i =>
            {
                Assert.Equal(("EphemeralContainer", 21), (i.Source, i.Line));
                Assert.Equal(("docker.io", "library/busybox", null), (i.Registry, i.Repository, i.Tag));
                Assert.StartsWith("sha256:0123", i.Digest, StringComparison.Ordinal);
            });
    }

    [Theory]
    [InlineData("batch/v1", "CronJob", "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: c\n              image: acme/cron:1\n")]
    [InlineData("v1", "PodTemplate", "template:\n  spec:\n    containers:\n      - name: c\n        image: acme/cron:1\n")]
    [InlineData("v1", "Pod", "spec:\n  containers:\n    - name: c\n      image: acme/cron:1\n")]
    [InlineData("argoproj.io/v1alpha1", "Rollout", "spec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: acme/cron:1\n")]
    [InlineData("serving.knative.dev/v1", "Service", "spec:\n  template:\n    spec:\n      containers:\n        - image: acme/cron:1\n")]
    [InlineData("keda.sh/v1alpha1", "ScaledJob", "spec:\n  jobTargetRef:\n    template:\n      spec:\n        containers:\n          - name: c\n            image: acme/cron:1\n")]
    [InlineData("tekton.dev/v1", "Task", "spec:\n  steps:\n    - name: build\n      image: acme/cron:1\n")]
    [InlineData("argoproj.io/v1alpha1", "Workflow", "spec:\n  templates:\n    - name: main\n      container:\n        image: acme/cron:1\n")]
    [InlineData("monitoring.coreos.com/v1", "Prometheus", "spec:\n  image: acme/cron:1\n")]
    public void Finds_images_in_every_workload_kind_and_common_crds(string apiVersion, string kind, string body)
    {
        var image = Assert.Single(Images("x.yaml", $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata:\n  name: n\n{body}"));
        Assert.Equal("acme/cron:1", image.Image);
        Assert.Equal(kind, image.Kind);
    }

    [Fact]
    public void Finds_image_volumes()
    {
        var image = Assert.Single(Images("pod.yaml", """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec:
              volumes:
                - name: models
                  image:
                    reference: quay.io/acme/models:v3
            """));
        Assert.Equal(("quay.io/acme/models:v3", "ImageVolume", 8), (image.Image, image.Source, image.Line));
    }

    [Fact]
    public void Applies_merge_keys_so_shared_container_blocks_are_found()
    {
        var images = Images("d.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d}
            spec:
              template:
                spec:
                  containers:
                    - &app
                      name: app
                      image: acme/app:1.0
                    - <<: *app
                      name: sidecar
                    - <<: *app
                      name: other
                      image: acme/other:2.0
            """);
        Assert.Equal(["acme/app:1.0", "acme/app:1.0", "acme/other:2.0"], images.Select(i => i.Image));
    }

    [Fact]
    public void Reports_untagged_references_with_latest_implied()
    {
        var image = Assert.Single(Images("k8s/adservice.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: adservice\n"));
        Assert.True(image.ImpliesLatest);
        Assert.Equal("adservice", image.Image);
    }

    [Fact]
    public void Skips_oci_repositories_kyverno_policies_and_documents_without_kind_with_reasons()
    {
        var result = Scan("infra/sources.yaml", """
            apiVersion: source.toolkit.fluxcd.io/v1beta2
            kind: OCIRepository
            metadata: {name: manifests}
            spec:
              url: oci://ghcr.io/acme/manifests
              ref: {tag: "1.0.0"}
            ---
            apiVersion: kyverno.io/v1
            kind: ClusterPolicy
            metadata: {name: verify}
            spec:
              rules:
                - verifyImages:
                    - imageReferences: ["ghcr.io/acme/*"]
                  validate:
                    pattern:
                      spec:
                        containers:
                          - image: "ghcr.io/acme/*"
            ---
            containers:
              - image: acme/not-a-manifest:1
            """);

        Assert.Empty(result.Images);
        var skips = Skips(result);
        Assert.Contains("infra/sources.yaml:1: OCIRepository manifests: Flux OCI artifacts", skips, StringComparison.Ordinal);
        Assert.Contains("infra/sources.yaml:8: Kyverno ClusterPolicy verify", skips, StringComparison.Ordinal);
        Assert.Contains("infra/sources.yaml:21: document 3 has no apiVersion and kind", skips, StringComparison.Ordinal);
    }

    [Fact]
    public void A_templated_value_is_skipped_with_its_line_while_the_rest_of_the_file_still_counts()
    {
        var result = Scan("charts/web/files/deploy.yaml",
            "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: \"{{ .Values.image }}\"\n    - image: ghcr.io/acme/side:1.0\n");
        Assert.Equal("ghcr.io/acme/side:1.0", Assert.Single(result.Images).Reference.Image);
        Assert.Contains("charts/web/files/deploy.yaml:5: Container: '{{ .Values.image }}' holds template syntax ('{{')", Skips(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Template_braces_inside_a_block_scalar_do_not_hide_the_images_of_the_file()
    {
        // As in microservices-demo's otel-collector component: a sed command with {{PROJECT_ID}} in a command block.
        var result = Scan("kustomize/components/otel/deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: otel}
            spec:
              template:
                spec:
                  initContainers:
                    - name: project-id
                      image: busybox:1.36
                      command:
                        - /bin/sh
                        - -c
                        - |
                          sed "s/{{PROJECT_ID}}/${PROJECT_ID}/" /conf/in.yaml > /conf/out.yaml
                  containers:
                    - name: collector
                      image: otel/opentelemetry-collector-contrib:0.98.0
            """);
        Assert.Equal(["busybox:1.36", "otel/opentelemetry-collector-contrib:0.98.0"], result.Images.Select(i => i.Reference.Image));
        Assert.DoesNotContain(result.Notices, n => n.Level == ScanNoticeLevel.Error);
    }

    [Fact]
    public void A_go_template_that_does_not_parse_is_skipped_as_a_template_and_broken_yaml_without_one_is_an_error()
    {
        var template = Scan("charts/web/templates/deploy.yaml", "{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\n{{- end }}\n");
        Assert.Contains("charts/web/templates/deploy.yaml:1: not YAML until rendered: a Go template", Skips(template), StringComparison.Ordinal);
        Assert.DoesNotContain(template.Notices, n => n.Level == ScanNoticeLevel.Error);

        var broken = Scan("apps/web.yaml", "apiVersion: v1\nkind: Pod\nspec: [unclosed\n");
        Assert.Equal(ScanNoticeLevel.Error, Assert.Single(broken.Notices).Level);
    }
}
