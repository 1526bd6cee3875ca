using System.Net.Http.Headers;
using System.Text;
using FluxOps.Models;

namespace FluxOps.Core.Hosting;

/// <summary>
/// The token for a hosting service and how it is sent, decided once from where the token came from: an explicit token
/// (a personal/project access token), or the CI job's own (GITHUB_TOKEN; GITLAB_TOKEN, else CI_JOB_TOKEN sent as
/// JOB-TOKEN; SYSTEM_ACCESSTOKEN sent as Bearer where a PAT goes as Basic). ToString never shows the token.
/// </summary>
internal sealed class HostingCredential
{
    private readonly Style _style;

    private HostingCredential(string token, Style style)
    {
        Token = token;
        _style = style;
    }

    private enum Style
    {
        Bearer,
        GitLabPrivateToken,
        GitLabJobToken,
        AzureDevOpsPat,
    }

    public string Token { get; }

    /// <summary>The variables searched when no token is given, for messages.</summary>
    public static string Variables(PullRequestProvider provider) => provider switch
    {
        PullRequestProvider.GitHub => "GITHUB_TOKEN",
        PullRequestProvider.GitLab => "GITLAB_TOKEN or CI_JOB_TOKEN",
        _ => "SYSTEM_ACCESSTOKEN",
    };

    /// <summary>The explicit token, else the provider's CI variable; null when there is none.</summary>
    public static HostingCredential? Resolve(PullRequestProvider provider, string? explicitToken, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string? Env(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var jobToken = Env("CI_JOB_TOKEN");
        var pipelineToken = Env("SYSTEM_ACCESSTOKEN");
        if (!string.IsNullOrEmpty(explicitToken))
        {
            // The job's own token passed explicitly is still the job's token: it only works in its own header style.
            return provider switch
            {
                PullRequestProvider.GitHub => new(explicitToken, Style.Bearer),
                PullRequestProvider.GitLab => new(explicitToken, explicitToken == jobToken ? Style.GitLabJobToken : Style.GitLabPrivateToken),
                _ => new(explicitToken, explicitToken == pipelineToken ? Style.Bearer : Style.AzureDevOpsPat),
            };
        }

        return provider switch
        {
            PullRequestProvider.GitHub => Env("GITHUB_TOKEN") is { } github ? new(github, Style.Bearer) : null,
            PullRequestProvider.GitLab => Env("GITLAB_TOKEN") is { } gitlab ? new(gitlab, Style.GitLabPrivateToken)
                : jobToken is not null ? new(jobToken, Style.GitLabJobToken) : null,
            _ => pipelineToken is not null ? new(pipelineToken, Style.Bearer) : null,
        };
    }

    public void Apply(HttpRequestHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        switch (_style)
        {
            case Style.GitLabPrivateToken:
                headers.Add("PRIVATE-TOKEN", Token);
                break;
            case Style.GitLabJobToken:
                headers.Add("JOB-TOKEN", Token);
                break;
            case Style.AzureDevOpsPat:
                headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Token)));
                break;
            default:
                headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
                break;
        }
    }

    /// <summary>Every form the token could take in text (raw, and the Basic value it is sent as).</summary>
    public string[] Secrets() => [Token, Convert.ToBase64String(Encoding.UTF8.GetBytes(":" + Token))];

    public override string ToString() => $"{_style} token (hidden)";
}
