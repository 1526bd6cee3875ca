using System.Text.RegularExpressions;
using FluxOps.Core.Git;
using FluxOps.Core.Hosting.AzureDevOps;
using FluxOps.Core.Hosting.GitHub;
using FluxOps.Core.Hosting.GitLab;
using FluxOps.Core.Http;
using FluxOps.Models;

namespace FluxOps.Core.Hosting;

/// <summary>
/// The one entry point to a hosting service: recognises the provider from a remote URL, reads the repository path,
/// finds the token and its header style, and returns the provider's client on the shared HTTP stack.
/// </summary>
internal static partial class HostingProviders
{
    /// <summary>The client for <paramref name="target"/>; a <see cref="GitOperationException"/> says what is missing.</summary>
    public static HostingClient Connect(HostingTarget target, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var remote = HttpRedaction.Url(target.RemoteUrl);
        var provider = target.Provider ?? (target.RemoteUrl is null ? null : Detect(target.RemoteUrl))
            ?? throw new GitOperationException("RestProviderUnknown", FailureKind.InvalidArgument, target.RemoteUrl is null
                ? "Name the hosting service with -Provider GitHub, GitLab or AzureDevOps."
                : $"Cannot tell the hosting service from '{remote}'. Pass -Provider GitHub, GitLab or AzureDevOps.", remote);
        var repository = !string.IsNullOrWhiteSpace(target.Repository) ? target.Repository.Trim().Trim('/')
            : target.RemoteUrl is not null ? Repository(provider, target.RemoteUrl).Path
            : throw new GitOperationException("RestRepositoryInvalid", FailureKind.InvalidArgument, $"Name the {HostingClient.Name(provider)} repository.");
        Validate(provider, repository);
        var credential = HostingCredential.Resolve(provider, target.Token, target.Environment)
            ?? throw new GitOperationException("RestTokenMissing", FailureKind.AuthenticationFailed,
                $"No token for {HostingClient.Name(provider)}: pass -Credential (token as password) or set {HostingCredential.Variables(provider)}.", provider.ToString());
        http ??= OutboundHttp.Hosting;
        return provider switch
        {
            PullRequestProvider.GitHub => new GitHubClient(target.ApiUrl, repository, credential, http),
            PullRequestProvider.GitLab => new GitLabClient(target.ApiUrl, repository, credential, http),
            _ => new AzureDevOpsClient(target.ApiUrl, repository, credential, http),
        };
    }

    public static PullRequestProvider? Detect(string remoteUrl)
    {
        var host = Parse(remoteUrl).Host.ToLowerInvariant();
        if (host.Contains("github", StringComparison.Ordinal))
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
            throw new GitOperationException("RestRepositoryInvalid", FailureKind.InvalidArgument,
                $"Cannot read the {HostingClient.Name(provider)} repository from the remote URL path '{path}'.", path);
        }

        return new HostedRepository(host, path);
    }

    private static void Validate(PullRequestProvider provider, string repository)
    {
        var parts = repository.Split('/');
        var valid = parts.All(p => p.Length > 0) && provider switch
        {
            PullRequestProvider.GitHub => parts.Length == 2,
            PullRequestProvider.GitLab => true, // a group path of any depth, or the numeric project id
            _ => parts.Length == 3,
        };
        if (!valid)
        {
            var shape = provider switch
            {
                PullRequestProvider.GitHub => "owner/name",
                PullRequestProvider.GitLab => "group/project (or the project id)",
                _ => "organization/project/repository",
            };
            throw new GitOperationException("RestRepositoryInvalid", FailureKind.InvalidArgument,
                $"{HostingClient.Name(provider)} needs the repository as {shape}, not '{repository}'.", repository);
        }
    }

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
