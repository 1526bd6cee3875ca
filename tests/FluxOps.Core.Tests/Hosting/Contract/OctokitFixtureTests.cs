using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Hosting.GitHub;
using FluxOps.Core.Http;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Hosting.Contract;

/// <summary>
/// GitHub's recorded real interactions (@octokit/fixtures 23.1.2) replayed against FluxOps' GitHub client where they
/// cover what it does: git-refs (create a branch ref, move it without force), get-content (a raw file through the
/// client's transport) and errors (a real 422 "Validation Failed" answer). create-file (PUT contents) is not replayed:
/// FluxOps never writes through the contents API.
/// </summary>
public sealed class OctokitFixtureTests
{
    private const string Token = "0000000000000000000000000000000000000001";

    [Fact]
    public void The_git_refs_recording_creates_a_branch_and_moves_it_as_FluxOps_does()
    {
        using var replay = new OctokitFixtureReplay("git-refs");
        var client = (GitHubClient)Connect(replay, "octokit-fixture-org/git-refs");

        Assert.True(client.CreateBranch("test", "0000000000000000000000000000000000000002", CancellationToken.None));
        Assert.True(client.MoveBranch("test", "0000000000000000000000000000000000000001", CancellationToken.None));

        Assert.Empty(replay.Unused("post"));
        Assert.Empty(replay.Unused("patch"));
    }

    [Fact]
    public void The_get_content_recording_comes_through_the_clients_transport_byte_for_byte()
    {
        using var replay = new OctokitFixtureReplay("get-content");
        var http = Transport(replay, "octokit-fixture-org/hello-world");

        var file = http.Send(HttpMethod.Get, $"{replay.ApiUrl}/api/v3/repos/octokit-fixture-org/hello-world/contents/README.md", null, CancellationToken.None, accept: "application/vnd.github.v3.raw");

        Assert.Equal(200, file.Status);
        Assert.Equal("# hello-world", file.Text);
    }

    [Fact]
    public void The_errors_recording_is_a_clear_error_that_quotes_GitHub_and_never_the_token()
    {
        using var replay = new OctokitFixtureReplay("errors");
        var http = Transport(replay, "octokit-fixture-org/errors");

        var error = Assert.Throws<GitOperationException>(() => http.Json(HttpMethod.Post, $"{replay.ApiUrl}/api/v3/repos/octokit-fixture-org/errors/labels",
            new System.Text.Json.Nodes.JsonObject { ["name"] = "foo", ["color"] = "invalid" }, "create a label", CancellationToken.None));

        Assert.Equal("RestApiFailed", error.ErrorId);
        Assert.Contains("(422)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Validation Failed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(replay.Unused("post"));
    }

    private static HostingClient Connect(OctokitFixtureReplay replay, string repository) =>
        HostingProviders.Connect(new HostingTarget { Provider = PullRequestProvider.GitHub, ApiUrl = replay.ApiUrl, Repository = repository, Token = Token, Environment = _ => null });

    private static HostingHttp Transport(OctokitFixtureReplay replay, string repository) =>
        new(PullRequestProvider.GitHub, "GitHub " + repository, HostingCredential.Resolve(PullRequestProvider.GitHub, Token, _ => null)!, OutboundHttp.Hosting);
}
