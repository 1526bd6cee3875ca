using System.Text;
using System.Text.Json;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;
using FluxOps.Testing;

namespace FluxOps.Core.Tests.Hosting.Witness;

/// <summary>
/// The shared setup of the witness tests: the fleet behind the fake, one bad commit on infra/redis.yaml, and FluxOps'
/// own REST revert of it, so the provider's client can then read what FluxOps wrote and write beside it.
/// </summary>
internal sealed class WitnessFleet : IDisposable
{
    public const string Path = "infra/redis.yaml";
    public const string Proposal = "witness/revert";

    public WitnessFleet(PullRequestProvider provider)
    {
        Fleet = new RestFleet(provider);
        Good = Fleet.Scenario.RemoteFile("main", Path) + "\n";
        Bad = Fleet.Push("Raise redis maxmemory", Path, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: redis}\ndata: {maxmemory: 900mb}\n");
        Parent = Fleet.Scenario.Git("rev-parse", Bad + "^");
        Api = Fleet.Api();
        Revert = Assert.Single(RestReverter.Run(Api, new RestRevertRequest { Commits = [Bad], Branch = "main" }));
        Assert.True(Revert.Pushed);
    }

    public RestFleet Fleet { get; }

    public HostingClient Api { get; }

    public string Bad { get; }

    public string Parent { get; }

    /// <summary>infra/redis.yaml before the bad commit, as FluxOps' revert restored it.</summary>
    public string Good { get; }

    public RevertResult Revert { get; }

    public string Tip => Fleet.Scenario.RemoteHead;

    public string Tree(string commitish) => Fleet.Scenario.RemoteTree(commitish);

    public static string Text(byte[]? bytes) => Encoding.UTF8.GetString(bytes ?? []);

    /// <summary>
    /// What every witness must read as FluxOps does: the branch tip (the revert FluxOps wrote), the bad commit's sha,
    /// parents and files, and two pages of history. Returns the commit and the witness's view of it for the provider's
    /// own checks (message form, tree).
    /// </summary>
    public (RestCommit Commit, JsonElement Seen) AssertSameTipCommitAndHistory(JsonElement results, Func<IEnumerable<string>, IEnumerable<string>>? witnessFiles = null)
    {
        Assert.Equal(Revert.RevertSha, results.Value("readRef").GetString());
        Assert.Equal(Api.BranchTip("main", CancellationToken.None), results.Value("readRef").GetString());
        var commit = Api.GetCommit(Bad, CancellationToken.None)!;
        var seen = results.Value("readCommit");
        Assert.Equal(commit.Sha, seen.GetProperty("sha").GetString());
        Assert.Equal(commit.Parents, seen.GetProperty("parents").EnumerateArray().Select(p => p.GetString()!));
        var files = seen.GetProperty("files").EnumerateArray().Select(p => p.GetString()!);
        Assert.Equal(Api.ChangedPaths(commit, CancellationToken.None), witnessFiles is null ? files : witnessFiles(files));
        var pages = Api.ListCommitPage("main", 1, 2, CancellationToken.None).Concat(Api.ListCommitPage("main", 2, 2, CancellationToken.None));
        Assert.Equal(pages.Select(c => c.Sha), results.Value("listCommits").EnumerateArray().Select(s => s.GetString()!));
        return (commit, seen);
    }

    public void Dispose() => Fleet.Dispose();
}
