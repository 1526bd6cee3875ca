namespace FluxOps.Testing;

/// <summary>
/// The manifests the image tests of every layer (Core, in-process cmdlets, Pester) build repositories from, so the
/// three suites test the same shapes: a Service and a Deployment in one multi-document file, and a HelmRelease whose
/// values name an image in parts.
/// </summary>
public static class SampleManifests
{
    /// <summary>A Service and a Deployment whose pod runs <paramref name="web"/> and, when given, a second container.</summary>
    public static string ServiceAndDeployment(string web = "ghcr.io/acme/web:1.0.0", string? proxy = "envoyproxy/envoy:v1.30.0") =>
        "apiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\n" + Deployment(web, proxy);

    /// <summary>A Deployment whose pod runs <paramref name="app"/> (container "app") and, when given, <paramref name="proxy"/>.</summary>
    public static string Deployment(string app = "ghcr.io/acme/web:1.0.0", string? proxy = null) =>
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers:\n" +
        $"        - name: app\n          image: {app}\n" +
        (proxy is null ? string.Empty : $"        - name: proxy\n          image: {proxy}\n");

    /// <summary>A HelmRelease whose values set the image as registry, repository and tag (the bitnami layout).</summary>
    public static string HelmRelease(string registry, string repository, string tag) =>
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: cache}\nspec:\n  values:\n    redis:\n" +
        $"      registry: {registry}\n      repository: {repository}\n      tag: {tag}\n";
}
