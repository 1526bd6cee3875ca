using System.Text;
using FluxOps.Core.Hosting;
using FluxOps.Core.Revert;
using FluxOps.Core.Tests.Rollback;
using FluxOps.Models;

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

    public void Dispose() => Fleet.Dispose();
}
