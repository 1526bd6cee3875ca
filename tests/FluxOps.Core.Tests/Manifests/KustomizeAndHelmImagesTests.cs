using FluxOps.Core.Manifests;
using static FluxOps.Core.Tests.Manifests.ScanHelper;

namespace FluxOps.Core.Tests.Manifests;

public sealed class KustomizeAndHelmImagesTests
{
    [Fact]
    public void Images_entries_of_kustomizations_are_transformers_not_images_of_their_own()
    {
        // What they deploy depends on the resources they transform: the renderer (ChangedImages) decides, not the file alone.
        var kustomization = Scan("overlays/prod/kustomization.yaml", "resources: [../../base]\nimages:\n  - name: ghcr.io/acme/web\n    newTag: '1.5.0'\n");
        var flux = Scan("clusters/prod/apps.yaml", """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps, namespace: flux-system}
            spec:
              path: ./apps
              images:
                - name: ghcr.io/acme/api
                  newTag: 3.1.4
            """);
        Assert.Empty(kustomization.Images);
        Assert.Empty(flux.Images);
        Assert.DoesNotContain(kustomization.Notices.Concat(flux.Notices), n => n.Level == ScanNoticeLevel.Error);
    }

    [Fact]
    public void HelmRelease_values_find_image_blocks_under_any_key_strings_and_post_renderers()
    {
        var images = Images("apps/redis.yaml", """
            apiVersion: helm.toolkit.fluxcd.io/v2
            kind: HelmRelease
            metadata: {name: cache}
            spec:
              chart: {spec: {chart: redis}}
              values:
                image:
                  registry: docker.io
                  repository: bitnami/redis
                  tag: 7.10
                metrics:
                  redis:
                    repository: oliver006/redis_exporter
                    tag: 0.1
                sidecar:
                  image: "ghcr.io/acme/sidecar:2.0"
                chartDefault:
                  image:
                    repository: acme/uses-app-version
              postRenderers:
                - kustomize:
                    images:
                      - name: ghcr.io/acme/sidecar
                        newTag: "2.1"
            """);

        Assert.Equal(
            ["docker.io/bitnami/redis:7.10", "oliver006/redis_exporter:0.1", "ghcr.io/acme/sidecar:2.0", "ghcr.io/acme/sidecar:2.1"],
            images.Select(i => i.Image));
        Assert.Equal(["HelmValues", "HelmValues", "HelmValues", "HelmPostRenderer"], images.Select(i => i.Source));
        Assert.Equal("7.10", images[0].Tag);
        Assert.Equal(8, images[0].Line);
        Assert.Equal(13, images[1].Line);
    }

    [Fact]
    public void Values_files_are_read_without_apiVersion_and_tags_keep_their_source_text()
    {
        var images = Images("charts/web/values-prod.yaml", """
            image:
              repository: ghcr.io/acme/web
              tag: 1.10
            worker:
              repository: ghcr.io/acme/worker
              tag: "2.0@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
            service:
              repository: not-an-image-without-tag
            feature:
              image: true
            replicas:
              image: 3
            """);
        Assert.Equal(["ghcr.io/acme/web:1.10", "ghcr.io/acme/worker:2.0@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"], images.Select(i => i.Image));
    }

    [Fact]
    public void Json6902_patches_carry_images_in_values_and_whole_containers()
    {
        var images = Images("overlays/prod/patch.yaml", """
            - op: replace
              path: /spec/template/spec/containers/0/image
              value: ghcr.io/acme/web:9.9.9
            - op: add
              path: /spec/template/spec/containers/-
              value:
                name: proxy
                image: envoyproxy/envoy:v1.31.0
            - op: replace
              path: /metadata/labels/version
              value: "9.9.9"
            """);
        Assert.Equal([("ghcr.io/acme/web:9.9.9", 3, "JsonPatch"), ("envoyproxy/envoy:v1.31.0", 8, "JsonPatch")],
            images.Select(i => (i.Image, i.Line, i.Source)));
    }

    [Fact]
    public void Inline_patches_in_flux_and_kustomize_kustomizations_map_images_to_true_file_lines()
    {
        var images = Images("clusters/prod/apps.yaml", """
            apiVersion: kustomize.toolkit.fluxcd.io/v1
            kind: Kustomization
            metadata: {name: apps}
            spec:
              patches:
                - target: {kind: Deployment, name: web}
                  patch: |
                    - op: replace
                      path: /spec/template/spec/containers/0/image
                      value: ghcr.io/acme/web:7.0.0
                - patch: |
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: api}
                    spec:
                      template:
                        spec:
                          containers:
                            - name: api
                              image: ghcr.io/acme/api:8.0.0
            ---
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            patches:
              - patch: "- op: replace\n  path: /spec/template/spec/containers/0/image\n  value: x:1"
            """);
        Assert.Equal([("ghcr.io/acme/web:7.0.0", 10, 18, "JsonPatch"), ("ghcr.io/acme/api:8.0.0", 20, 26, "Container")],
            images.Select(i => (i.Image, i.Line, i.Column, i.Source)));
    }

    [Fact]
    public void Image_policy_markers_combine_name_and_tag_and_do_not_duplicate_structural_finds()
    {
        var images = Images("apps/custom.yaml", """
            apiVersion: acme.io/v1
            kind: Widget
            metadata: {name: w}
            spec:
              engine:
                imageName: ghcr.io/acme/engine # {"$imagepolicy": "flux-system:engine:name"}
                imageTag: "4.2.0" # {"$imagepolicy": "flux-system:engine:tag"}
              full: ghcr.io/acme/full:1.0 # {"$imagepolicy": "flux-system:full"}
              containers:
                - name: app
                  image: ghcr.io/acme/app:3 # {"$imagepolicy": "flux-system:app"}
            """);
        Assert.Equal(
            [("ghcr.io/acme/engine:4.2.0", 6, 16, "ImagePolicyMarker"), ("ghcr.io/acme/full:1.0", 8, 9, "ImagePolicyMarker"), ("ghcr.io/acme/app:3", 11, 14, "Container")],
            images.Select(i => (i.Image, i.Line, i.Column, i.Source)));
    }
}
