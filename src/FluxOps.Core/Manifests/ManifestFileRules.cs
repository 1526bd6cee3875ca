namespace FluxOps.Core.Manifests;

/// <summary>Which files are read at all, decided from the path alone (so skipped files are never even loaded).</summary>
internal static class ManifestFileRules
{
    /// <summary>True for .yaml/.yml/.json files and Kustomize's extensionless <c>Kustomization</c>; everything else is not a manifest.</summary>
    public static bool IsManifestPath(string path) =>
        path.EndsWith("/Kustomization", StringComparison.Ordinal) || path == "Kustomization"
        || path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>The reason a manifest path is never read, or null when it is read.</summary>
    public static string? SkipReason(string path)
    {
        var normalized = "/" + path.Replace('\\', '/');
        var fileName = normalized[(normalized.LastIndexOf('/') + 1)..];
        if (normalized.Contains("/.github/workflows/", StringComparison.Ordinal)
            || normalized.Contains("/.gitlab/", StringComparison.Ordinal)
            || normalized.Contains("/.circleci/", StringComparison.Ordinal)
            || normalized.Contains("/.buildkite/", StringComparison.Ordinal)
            || fileName.Equals(".gitlab-ci.yml", StringComparison.OrdinalIgnoreCase)
            || fileName.StartsWith("azure-pipelines", StringComparison.OrdinalIgnoreCase)
            || fileName.Equals("bitbucket-pipelines.yml", StringComparison.OrdinalIgnoreCase)
            || fileName.Equals(".drone.yml", StringComparison.OrdinalIgnoreCase))
        {
            return "CI workflow file: its images run the pipeline, they are not deployed by Flux";
        }

        return null;
    }

    /// <summary>Chart values files: values.yaml, values-prod.yaml, values.staging.yml ...</summary>
    public static bool IsHelmValuesFile(string path)
    {
        var fileName = Path.GetFileName(path);
        return fileName.StartsWith("values", StringComparison.OrdinalIgnoreCase)
            && (fileName.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>kustomization.yaml, kustomization.yml or Kustomization (apiVersion and kind are optional there).</summary>
    public static bool IsKustomizationFile(string path) =>
        Path.GetFileName(path) is "kustomization.yaml" or "kustomization.yml" or "Kustomization";
}
