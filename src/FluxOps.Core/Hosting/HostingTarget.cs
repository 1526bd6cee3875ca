using FluxOps.Models;

namespace FluxOps.Core.Hosting;

/// <summary>
/// What a caller knows about the hosted repository it wants to talk to: a git remote URL (the provider and repository
/// are read from it), or an explicit provider and repository; optionally the API root of a self-hosted instance and an
/// explicit token. Anything not given is decided by <see cref="HostingProviders.Connect"/>.
/// </summary>
internal sealed record HostingTarget
{
    public PullRequestProvider? Provider { get; init; }

    /// <summary>A git remote URL (HTTPS or SSH); credentials embedded in it are never used or shown.</summary>
    public string? RemoteUrl { get; init; }

    /// <summary>The repository on the service (see <see cref="HostedRepository"/>); wins over the remote URL.</summary>
    public string? Repository { get; init; }

    /// <summary>The API root of GitHub Enterprise Server, self-managed GitLab or Azure DevOps Server; null for the cloud service.</summary>
    public string? ApiUrl { get; init; }

    /// <summary>An explicit token (-Credential's password); otherwise the provider's CI variable.</summary>
    public string? Token { get; init; }

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
