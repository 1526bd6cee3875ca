using System.Text;
using FluxOps.Core.Flux;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Flux;

/// <summary>Which revision an event names, as notification-controller's Event.GetRevision reads it: commit, originRevision, revision.</summary>
public sealed class FluxEventRevisionTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private static FluxEvent Parse(string metadata) => FluxEventParser.Parse(Encoding.UTF8.GetBytes(
        FluxEventSamples.Kustomization().Replace($"\"metadata\":{{\"revision\":\"main@sha1:{FluxEventSamples.Sha}\"}}", "\"metadata\":" + metadata, StringComparison.Ordinal)));

    [Fact]
    public void The_commit_key_wins_over_originRevision_and_revision()
    {
        var flux = Parse($"{{\"commit\":\"{Commit}\",\"originRevision\":\"main@sha1:{new string('b', 40)}\",\"revision\":\"latest@sha256:{new string('c', 64)}\"}}");

        Assert.Equal(RevisionKind.GitCommit, flux.RevisionKind);
        Assert.Equal(Commit, flux.Sha);
    }

    [Fact]
    public void Without_commit_originRevision_wins_over_revision()
    {
        var flux = Parse($"{{\"originRevision\":\"main@sha1:{Commit}\",\"revision\":\"latest@sha256:{new string('c', 64)}\"}}");

        Assert.Equal(Commit, flux.Sha);
        Assert.Equal("main", flux.Branch);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void A_bare_40_or_64_hex_revision_is_a_commit_not_a_chart_version(string revision)
    {
        var flux = Parse($"{{\"revision\":\"{revision.ToUpperInvariant()}\"}}");

        Assert.Equal(RevisionKind.GitCommit, flux.RevisionKind);
        Assert.Equal(revision, flux.Sha);
    }
}
