namespace FluxOps.Models;

/// <summary>The service that hosts the repository, for Invoke-FluxRevert -PullRequest.</summary>
public enum PullRequestProvider
{
    GitHub,
    GitLab,
    AzureDevOps,
}
