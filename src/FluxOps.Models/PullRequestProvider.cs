namespace FluxOps.Models;

/// <summary>The service that hosts the repository, for Invoke-FluxRevert -PullRequest.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<PullRequestProvider>))]
public enum PullRequestProvider
{
    GitHub,
    GitLab,
    AzureDevOps,
}
