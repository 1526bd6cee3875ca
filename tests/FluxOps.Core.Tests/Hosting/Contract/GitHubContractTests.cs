using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Hosting.Contract;

/// <summary>
/// Every request FluxOps sends to GitHub and every answer the fake GitHub gives validate against GitHub's official
/// OpenAPI description (@octokit/openapi 23.0.2, api.github.com.json): the operation exists, the query parameters and
/// body are the documented ones, the status is documented and the JSON answer fits its schema.
/// </summary>
public sealed class GitHubContractTests
{
    [Fact]
    public void Every_request_FluxOps_sends_and_every_answer_of_the_fake_fit_GitHubs_OpenAPI_description()
    {
        using var fleet = new RestFleet(PullRequestProvider.GitHub);
        ContractScenario.Exercise(fleet);

        var verdicts = ContractRun.Judge(fleet.Host, ContractRun.Required("FLUXOPS_GITHUB_OPENAPI"), "/github/api/v3");

        Assert.All(verdicts, v => Assert.True(v.Problems.Count == 0, v.ToString()));
        var covered = verdicts.Select(v => $"{v.Method} {v.Operation}").ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "GET /repos/{owner}/{repo}/commits", "GET /repos/{owner}/{repo}/commits/{ref}", "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
            "GET /repos/{owner}/{repo}/git/blobs/{file_sha}", "GET /repos/{owner}/{repo}/git/ref/{ref}", "POST /repos/{owner}/{repo}/git/blobs",
            "POST /repos/{owner}/{repo}/git/trees", "POST /repos/{owner}/{repo}/git/commits", "PATCH /repos/{owner}/{repo}/git/refs/{ref}",
            "POST /repos/{owner}/{repo}/git/refs", "POST /repos/{owner}/{repo}/pulls", "GET /repos/{owner}/{repo}/pulls",
        }, covered);
        Assert.Contains(verdicts, v => v.Status == 401);
        Assert.Contains(verdicts, v => v.Status == 403);
        Assert.Contains(verdicts, v => v.Status == 404);
        Assert.Contains(verdicts, v => v.Status == 422 && v.Method == "PATCH");
    }
}
