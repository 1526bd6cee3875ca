namespace FluxOps.Testing;

/// <summary>
/// The content of a small Flux fleet repository: Kustomizations apps (./apps) and infra (./infra) in flux-system,
/// a Deployment whose image carries an image-policy marker, and a HelmRelease apps/podinfo with a values file.
/// </summary>
public static class FluxFleet
{
    public const string Kustomizations = """
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: apps
          namespace: flux-system
        spec:
          interval: 10m
          path: ./apps
          prune: true
          sourceRef: {kind: GitRepository, name: flux-system}
        ---
        apiVersion: kustomize.toolkit.fluxcd.io/v1
        kind: Kustomization
        metadata:
          name: infra
          namespace: flux-system
        spec:
          interval: 10m
          path: ./infra
          sourceRef: {kind: GitRepository, name: flux-system}
        """;

    public const string HelmRelease = """
        apiVersion: helm.toolkit.fluxcd.io/v2
        kind: HelmRelease
        metadata:
          name: podinfo
          namespace: apps
        spec:
          interval: 5m
          chart:
            spec: {chart: podinfo, version: "6.5.0", sourceRef: {kind: HelmRepository, name: podinfo}}
        """;

    public static string Web(string tag) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: apps}
        spec:
          template:
            spec:
              containers:
                - name: web
                  image: ghcr.io/acme/web:{{tag}} # {"$imagepolicy": "flux-system:web"}
        """;

    /// <summary>Pushes the initial fleet to the scenario's remote main; returns the sha.</summary>
    public static string Seed(FluxRepoScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return scenario.Push("Initial fleet", new Dictionary<string, string>
        {
            ["clusters/prod/kustomizations.yaml"] = Kustomizations,
            ["apps/web.yaml"] = Web("1.0.0"),
            ["apps/podinfo/release.yaml"] = HelmRelease,
            ["apps/podinfo/values.yaml"] = "replicaCount: 1\n",
            ["infra/redis.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: redis}\ndata: {maxmemory: 100mb}\n",
        });
    }
}
