using FluxOps.Core.Manifests;

namespace FluxOps.Core.Tests.Manifests;

/// <summary>Which images a change brings into a file: what the revert records as bad and the rollback policy compares.</summary>
public sealed class IntroducedImagesTests
{
    private static string Deployment(string web, string sidecar) =>
        $"apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: web}}\nspec:\n  template:\n    spec:\n      containers:\n" +
        $"        - name: web\n          image: {web}\n        - name: sidecar\n          image: {sidecar}\n";

    [Fact]
    public void Only_the_images_the_new_version_adds_are_introduced()
    {
        var images = IntroducedImages.Of("apps/web.yaml", Deployment("ghcr.io/acme/web:1.0.0", "envoy:1.29"), Deployment("ghcr.io/acme/web:2.0.0", "envoy:1.29"));

        Assert.Equal(["ghcr.io/acme/web:2.0.0"], images);
    }

    [Fact]
    public void Kustomize_images_and_helm_values_are_read_as_the_gate_reads_them()
    {
        Assert.Equal(["ghcr.io/acme/web:2.0.0"], IntroducedImages.Of("apps/kustomization.yaml",
            "images:\n  - name: web\n    newName: ghcr.io/acme/web\n    newTag: 1.0.0\n",
            "images:\n  - name: web\n    newName: ghcr.io/acme/web\n    newTag: 2.0.0\n"));
        Assert.Equal(["ghcr.io/acme/podinfo:6.5.1"], IntroducedImages.Of("apps/podinfo/values.yaml",
            "image:\n  repository: ghcr.io/acme/podinfo\n  tag: 6.5.0\n",
            "image:\n  repository: ghcr.io/acme/podinfo\n  tag: 6.5.1\n"));
    }

    [Fact]
    public void A_new_file_introduces_every_image_it_names()
    {
        Assert.Equal(["ghcr.io/acme/web:2.0.0", "envoy:1.29"], IntroducedImages.Of("apps/new.yaml", null, Deployment("ghcr.io/acme/web:2.0.0", "envoy:1.29")));
    }

    [Fact]
    public void A_file_the_scanner_cannot_read_falls_back_to_added_image_lines_and_drops_non_images()
    {
        var images = IntroducedImages.Of("apps/broken.yaml", "image: a/b:1\n", "image: a/b:2\nbroken: [\nimage: {{ .Values.tag }}\n");

        Assert.Equal(["a/b:2"], images);
    }
}
