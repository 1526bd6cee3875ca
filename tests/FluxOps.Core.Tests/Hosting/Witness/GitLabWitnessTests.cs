using System.Text.Json;
using FluxOps.Core.Hosting;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hosting.Witness;

/// <summary>GitLab's widely used client (@gitbeaker/rest, pinned) drives the fake GitLab and is compared with FluxOps' GitLabClient.</summary>
public sealed class GitLabWitnessTests
{
    [Fact]
    public void Gitbeaker_reads_the_branch_commit_diff_tree_and_file_FluxOps_reads_and_the_revert_FluxOps_wrote()
    {
        using var w = new WitnessFleet(PullRequestProvider.GitLab);
        var results = Witness(w);

        var (commit, seen) = w.AssertSameTipCommitAndHistory(results, files => files.Distinct());
        Assert.Equal(commit.Message, seen.GetProperty("message").GetString());
        var tree = results.Value("readTree").EnumerateArray()
            .Select(e => new RestTreeEntry(e.GetProperty("path").GetString()!, e.GetProperty("mode").GetString(), e.GetProperty("id").GetString()!));
        Assert.Equal(w.Api.ListTree(w.Parent, CancellationToken.None), tree);
        Assert.Equal(WitnessFleet.Text(w.Api.ReadFile(w.Parent, WitnessFleet.Path, CancellationToken.None)), results.Value("readFile").GetString());
        Assert.Equal(w.Good, results.Value("readRevertedFile").GetString());
    }

    [Fact]
    public void Gitbeaker_and_FluxOps_agree_on_new_branches_stale_last_commit_ids_and_merge_requests()
    {
        using var w = new WitnessFleet(PullRequestProvider.GitLab);
        var results = Witness(w);

        var proposed = results.Value("createBranchWithCommit").GetString();
        Assert.Equal(proposed, w.Api.BranchTip(WitnessFleet.Proposal, CancellationToken.None));
        Assert.Equal([w.Tip], w.Api.GetCommit(proposed!, CancellationToken.None)!.Parents);
        Assert.Equal("witness: true\n", WitnessFleet.Text(w.Api.ReadFile(proposed!, WitnessFleet.Path, CancellationToken.None)));
        Assert.Equal(400, results.Status("createBranchAgain"));
        Assert.Throws<RestBranchExistsException>(() => w.Api.Commit(Change(WitnessFleet.Proposal, w.Tip, w.Parent) with { NewBranch = true }, CancellationToken.None));
        Assert.Equal(400, results.Status("commitStaleLastCommitId"));
        Assert.Throws<RestBranchMovedException>(() => w.Api.Commit(Change("main", w.Tip, w.Parent), CancellationToken.None));
        Assert.Equal(w.Revert.RevertSha, w.Fleet.Scenario.RemoteHead);

        var url = results.Value("openMergeRequest").GetProperty("url").GetString()!;
        Assert.Equal(new PullRequestInfo(url, true), w.Api.FindPullRequest(WitnessFleet.Proposal, "main", CancellationToken.None));
        Assert.Equal(409, results.Status("openMergeRequestAgain"));
        Assert.Equal(url, w.Api.OpenPullRequest(new PullRequestRequest(WitnessFleet.Proposal, "main", "again", "body"), CancellationToken.None));
        Assert.Equal([url], results.Value("findMergeRequest").EnumerateArray().Select(p => p.GetProperty("url").GetString()));
        Assert.Single(w.Fleet.Host.OpenedPullRequests);
        Assert.Equal(404, results.Status("unknownRepository"));
    }

    private static RestCommitRequest Change(string branch, string tip, string lastCommitId) =>
        new(branch, tip, lastCommitId, "FluxOps change", [new RestFileAction(RestFileActionKind.Update, WitnessFleet.Path, "fluxops: true\n"u8.ToArray())], "FluxOps", "fluxops@example.test");

    private static JsonElement Witness(WitnessFleet w) => NodeWitness.Run("gitlab.mjs", new
    {
        api = w.Fleet.Host.GitLabApiUrl,
        token = RestFleet.Token,
        project = "acme/fleet",
        branch = "main",
        bad = w.Bad,
        parent = w.Parent,
        tip = w.Tip,
        path = WitnessFleet.Path,
        proposal = WitnessFleet.Proposal,
    });
}
