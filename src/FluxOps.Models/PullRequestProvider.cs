namespace FluxOps.Models;

/// <summary>The service that hosts the repository, for Invoke-FluxRevert -PullRequest.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PullRequestProvider>))]
// By name in PowerShell's ConvertTo-Json too (it serializes with Newtonsoft.Json, which reads only its own attribute).
[Newtonsoft.Json.JsonConverter(typeof(Newtonsoft.Json.Converters.StringEnumConverter))]
public enum PullRequestProvider
{
    GitHub,
    GitLab,
    AzureDevOps,
}
