using System.Text.RegularExpressions;
using FluxOps.Core.Hosting.AzureDevOps;
using FluxOps.Core.Hosting.GitHub;
using FluxOps.Core.Hosting.GitLab;
using FluxOps.Models;

namespace FluxOps.Core.Hosting;

/// <summary>Recognises the hosting service from a remote URL, finds its token, and creates the matching client.</summary>
internal static partial class PullRequestProviders
{
    public static PullRequestProvider? Detect(string remoteUrl)
    {
        var host = Parse(remoteUrl).Host.ToLowerInvariant();
        if (host == "github.com" || host.EndsWith(".github.com", StringComparison.Ordinal) || host.Contains("github", StringComparison.Ordinal))
        {
            return PullRequestProvider.GitHub;
        }

        if (host.Contains("gitlab", StringComparison.Ordinal))
        {
            return PullRequestProvider.GitLab;
        }

        if (host.EndsWith("dev.azure.com", StringComparison.Ordinal) || host.EndsWith("visualstudio.com", StringComparison.Ordinal))
        {
            return PullRequestProvider.AzureDevOps;
        }

        return null;
    }

    public static string TokenVariables(PullRequestProvider provider) => provider switch
    {
        PullRequestProvider.GitHub => "GITHUB_TOKEN",
        PullRequestProvider.GitLab => "GITLAB_TOKEN or CI_JOB_TOKEN",
        _ => "SYSTEM_ACCESSTOKEN",
    };

    /// <summary>The explicit token, else the provider's usual CI variable.</summary>
    public static string? Token(PullRequestProvider provider, string? explicitToken, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.IsNullOrEmpty(explicitToken))
        {
            return explicitToken;
        }

        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;
        return provider switch
        {
            PullRequestProvider.GitHub => Env("GITHUB_TOKEN"),
            PullRequestProvider.GitLab => Env("GITLAB_TOKEN") ?? Env("CI_JOB_TOKEN"),
            _ => Env("SYSTEM_ACCESSTOKEN"),
        };
    }

    /// <summary>The repository path on the service, from an HTTPS or SSH remote URL.</summary>
    public static HostedRepository Repository(PullRequestProvider provider, string remoteUrl)
    {
        var (host, path) = Parse(remoteUrl);
        path = path.Trim('/');
        if (path.EndsWith(".git", StringComparison.Ordinal))
        {
            path = path[..^4];
        }

        if (provider == PullRequestProvider.AzureDevOps)
        {
            // https://dev.azure.com/org/project/_git/repo, git@ssh.dev.azure.com:v3/org/project/repo
            path = path.StartsWith("v3/", StringComparison.Ordinal) ? path[3..] : path.Replace("/_git/", "/", StringComparison.Ordinal);
        }

        if (path.Count(c => c == '/') < (provider == PullRequestProvider.AzureDevOps ? 2 : 1))
        {
            throw new PullRequestException("PullRequestRepositoryUnknown", $"Cannot read the {provider} repository from the remote URL path '{path}'.", path);
        }

        return new HostedRepository(host, path);
    }

    public static IPullRequestClient Create(PullRequestProvider provider, string? apiUrl, string token) => provider switch
    {
        PullRequestProvider.GitHub => new GitHubPullRequestClient(apiUrl, token),
        PullRequestProvider.GitLab => new GitLabMergeRequestClient(apiUrl, token),
        _ => new AzureDevOpsPullRequestClient(apiUrl, token),
    };

    private static (string Host, string Path) Parse(string remoteUrl)
    {
        if (Uri.TryCreate(remoteUrl, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            return (uri.Host, Uri.UnescapeDataString(uri.AbsolutePath));
        }

        var scp = ScpLike().Match(remoteUrl);
        return scp.Success ? (scp.Groups["host"].Value, scp.Groups["path"].Value) : (string.Empty, remoteUrl);
    }

    [GeneratedRegex(@"^(?:[^@]+@)?(?<host>[^:/]+):(?<path>.+)$")]
    private static partial Regex ScpLike();
}
