using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hosting.Contract;

/// <summary>
/// Every request FluxOps sends to Azure DevOps and every answer the fake gives validate against Azure DevOps' official
/// Git 7.1 description (vendored in tests/contracts), and where the fake answers a request the description has a
/// recorded example for, its answer has the recorded answer's shape: no field the service does not send, no other type.
/// </summary>
public sealed class AzureDevOpsContractTests
{
    private static readonly string Description = Path.Combine(NodeWitness.RepositoryRoot, "tests", "contracts", "azure-devops-git-7.1");

    [Fact]
    public void Every_request_FluxOps_sends_and_every_answer_of_the_fake_fit_the_Git_7_1_description_and_its_recorded_examples()
    {
        using var fleet = new RestFleet(PullRequestProvider.AzureDevOps);
        ContractScenario.Exercise(fleet);

        var verdicts = ContractRun.Judge(fleet.Host, Path.Combine(Description, "git.json"), "/azdo", Path.Combine(Description, "httpExamples"));

        Assert.All(verdicts, v => Assert.True(v.Problems.Count == 0, v.ToString()));
        var covered = verdicts.Select(v => $"{v.Method} {v.Operation}").ToHashSet();
        const string Repo = "/{organization}/{project}/_apis/git/repositories/{repositoryId}";
        Assert.Superset(new HashSet<string>
        {
            $"GET {Repo}/commits?", $"GET {Repo}/commits/{{commitId}}", $"GET {Repo}/commits/{{commitId}}/changes", $"GET {Repo}/refs",
            $"POST {Repo}/pushes", $"POST {Repo}/pullrequests", $"GET {Repo}/pullrequests",
        }, covered);
        Assert.Contains(verdicts, v => v.Operation is { } o && o.StartsWith(Repo + "/items", StringComparison.Ordinal));
        // The recorded examples were compared where the fake answered their requests: commits, changes, pushes, pull requests.
        Assert.True(verdicts.Count(v => v.Shaped) >= 4, string.Join("\n", verdicts.Where(v => v.Shaped)));
        Assert.Contains(verdicts, v => v.Status == 409 && v.Method == "POST");
    }
}
