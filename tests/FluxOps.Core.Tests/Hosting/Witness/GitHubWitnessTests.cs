using System.Text.Json;
using FluxOps.Core.Hosting;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hosting.Witness;

/// <summary>
/// GitHub's own client (@octokit/rest, pinned) drives the fake GitHub: it must read what FluxOps reads and wrote, and
/// FluxOps must read what it writes. A fake only FluxOps can talk to fails here.
/// </summary>
public sealed class GitHubWitnessTests
{
    [Fact]
    public void Octokit_reads_the_ref_commit_tree_and_file_FluxOps_reads_and_the_revert_FluxOps_wrote()
    {
        using var w = new WitnessFleet(PullRequestProvider.GitHub);
        var results = Witness(w);

        var (commit, seen) = w.AssertSameTipCommitAndHistory(results);
        Assert.Equal(commit.Message.TrimEnd('\n'), seen.GetProperty("message").GetString()!.TrimEnd('\n'));
        Assert.Equal(commit.TreeSha, seen.GetProperty("tree").GetString());
        var tree = w.Api.ListTree(w.Parent, CancellationToken.None);
        var octokitBlobs = results.Value("readTree").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "blob")
            .Select(e => new RestTreeEntry(e.GetProperty("path").GetString()!, e.GetProperty("mode").GetString(), e.GetProperty("sha").GetString()!));
        Assert.Equal(tree, octokitBlobs);
        Assert.Equal(WitnessFleet.Text(w.Api.ReadFile(w.Parent, WitnessFleet.Path, CancellationToken.None)), results.Value("readFile").GetString());
        Assert.Equal(w.Good, results.Value("readRevertedFile").GetString());
    }

    [Fact]
    public void Octokit_builds_the_same_revert_tree_and_FluxOps_reads_its_branch_ref_races_and_pull_requests_alike()
    {
        using var w = new WitnessFleet(PullRequestProvider.GitHub);
        var results = Witness(w);

        // The blob and tree Octokit builds from the parent's file on the tip are exactly the tree FluxOps' revert wrote.
        Assert.Equal(w.Tree(w.Revert.RevertSha!), results.Value("createTree").GetString());
        Assert.Equal(w.Fleet.Scenario.Git("rev-parse", $"{w.Parent}:{WitnessFleet.Path}"), results.Value("createBlob").GetString());
        Assert.Equal(results.Value("moveRef").GetString(), w.Api.BranchTip(WitnessFleet.Proposal, CancellationToken.None));
        Assert.Equal(422, results.Status("createBranchAgain"));
        Assert.Equal(422, results.Status("moveRefStale"));
        Assert.Contains("not a fast forward", results.GetProperty("moveRefStale").GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Throws<RestBranchMovedException>(() => w.Api.Commit(new RestCommitRequest("main", w.Parent, w.Bad, "stale", [new RestFileAction(RestFileActionKind.Update, WitnessFleet.Path, "x: 1\n"u8.ToArray())], "a", "a@b.c"), CancellationToken.None));

        var opened = results.Value("openPullRequest");
        var url = opened.GetProperty("url").GetString();
        Assert.Equal(new PullRequestInfo(url!, true), w.Api.FindPullRequest(WitnessFleet.Proposal, "main", CancellationToken.None));
        Assert.Equal(422, results.Status("openPullRequestAgain"));
        Assert.Equal(url, w.Api.OpenPullRequest(new PullRequestRequest(WitnessFleet.Proposal, "main", "again", "body"), CancellationToken.None));
        Assert.Equal([url], results.Value("findPullRequest").EnumerateArray().Select(p => p.GetProperty("url").GetString()));
        Assert.Single(w.Fleet.Host.OpenedPullRequests);
        Assert.Equal(404, results.Status("unknownRepository"));
    }

    private static JsonElement Witness(WitnessFleet w) => NodeWitness.Run("github.mjs", new
    {
        api = w.Fleet.Host.GitHubApiUrl,
        token = RestFleet.Token,
        owner = "acme",
        repo = "fleet",
        branch = "main",
        bad = w.Bad,
        path = WitnessFleet.Path,
        parentTree = w.Tree(w.Parent),
        tipTree = w.Tree(w.Tip),
        stale = w.Parent,
        proposal = WitnessFleet.Proposal,
    });
}
