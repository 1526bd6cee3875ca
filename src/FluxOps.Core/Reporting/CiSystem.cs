namespace FluxOps.Core.Reporting;

/// <summary>The CI system whose log syntax turns a line into an annotation on the right file and line.</summary>
internal enum CiSystem
{
    None,
    GitHubActions,
    AzurePipelines,
}

internal static class CiSystemDetector
{
    /// <summary>GitHub Actions sets GITHUB_ACTIONS=true; Azure Pipelines sets TF_BUILD=True.</summary>
    public static CiSystem Detect(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (string.Equals(getEnvironmentVariable("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return CiSystem.GitHubActions;
        }

        return string.Equals(getEnvironmentVariable("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase)
            ? CiSystem.AzurePipelines
            : CiSystem.None;
    }
}
