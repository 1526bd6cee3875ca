using System.Text.Json;
using FluxOps.Core.Hosting;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hosting.Witness;

/// <summary>
/// Microsoft's own client (azure-devops-node-api, pinned) drives the fake Azure DevOps, starting from its location
/// discovery, and is compared with FluxOps' AzureDevOpsClient.
/// </summary>
public sealed class AzureDevOpsWitnessTests
{
    [Fact]
    public void The_node_api_reads_the_ref_commit_items_and_file_FluxOps_reads_and_the_revert_FluxOps_wrote()
    {
        using var w = new WitnessFleet(PullRequestProvider.AzureDevOps);
        var results = Witness(w);

        var (commit, seen) = w.AssertSameTipCommitAndHistory(results);
        Assert.Equal(commit.Message, seen.GetProperty("message").GetString());
        var tree = results.Value("readTree").EnumerateArray().Select(e => new RestTreeEntry(e.GetProperty("path").GetString()!, null, e.GetProperty("id").GetString()!));
        Assert.Equal(w.Api.ListTree(w.Parent, CancellationToken.None), tree);
        Assert.Equal(WitnessFleet.Text(w.Api.ReadFile(w.Parent, WitnessFleet.Path, CancellationToken.None)), results.Value("readFile").GetString());
        Assert.Equal(w.Good, results.Value("readRevertedFile").GetString());
    }

    [Fact]
    public void The_node_api_and_FluxOps_agree_on_pushes_that_create_branches_stale_old_object_ids_and_pull_requests()
    {
        using var w = new WitnessFleet(PullRequestProvider.AzureDevOps);
        var results = Witness(w);

        var proposed = results.Value("createBranchWithPush").GetString();
        Assert.Equal(proposed, w.Api.BranchTip(WitnessFleet.Proposal, CancellationToken.None));
        Assert.Equal([w.Tip], w.Api.GetCommit(proposed!, CancellationToken.None)!.Parents);
        Assert.Equal("witness: true\n", WitnessFleet.Text(w.Api.ReadFile(proposed!, WitnessFleet.Path, CancellationToken.None)));
        Assert.Equal(409, results.Status("createBranchAgain"));
        Assert.Throws<RestBranchExistsException>(() => w.Api.Commit(Change(WitnessFleet.Proposal, w.Tip) with { NewBranch = true }, CancellationToken.None));
        Assert.Equal(409, results.Status("pushStaleOldObjectId"));
        Assert.Throws<RestBranchMovedException>(() => w.Api.Commit(Change("main", w.Parent), CancellationToken.None));
        Assert.Equal(w.Revert.RevertSha, w.Fleet.Scenario.RemoteHead);

        var url = results.Value("openPullRequest").GetProperty("url").GetString()!;
        Assert.Equal(new PullRequestInfo(url, true), w.Api.FindPullRequest(WitnessFleet.Proposal, "main", CancellationToken.None));
        Assert.Equal(409, results.Status("openPullRequestAgain"));
        Assert.Equal(url, w.Api.OpenPullRequest(new PullRequestRequest(WitnessFleet.Proposal, "main", "again", "body"), CancellationToken.None));
        Assert.Equal([url], results.Value("findPullRequest").EnumerateArray().Select(p => p.GetProperty("url").GetString()));
        Assert.Single(w.Fleet.Host.OpenedPullRequests);
        Assert.Equal(JsonValueKind.Null, results.Value("unknownRepository").ValueKind);
        Assert.Contains(w.Fleet.Host.Exchanges, e => e.Path.EndsWith("/_apis/git/repositories/nope/commits/" + w.Bad, StringComparison.Ordinal) && e.Status == 404);
    }

    private static RestCommitRequest Change(string branch, string tip) =>
        new(branch, tip, tip, "FluxOps change", [new RestFileAction(RestFileActionKind.Update, WitnessFleet.Path, "fluxops: true\n"u8.ToArray())], "FluxOps", "fluxops@example.test");

    private static JsonElement Witness(WitnessFleet w) => NodeWitness.Run("azure-devops.mjs", new
    {
        api = w.Fleet.Host.AzureDevOpsApiUrl,
        token = RestFleet.Token,
        organization = "acme",
        project = "platform",
        repository = "fleet",
        branch = "main",
        bad = w.Bad,
        parent = w.Parent,
        tip = w.Tip,
        path = WitnessFleet.Path,
        proposal = WitnessFleet.Proposal,
    });
}
