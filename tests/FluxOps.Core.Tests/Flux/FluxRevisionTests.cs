using FluxOps.Core.Flux;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Flux;

public sealed class FluxRevisionTests
{
    private const string Sha = "1eabc9a41ca088515cab83f1cce49eb43e84b67f";
    private const string Digest = "d3b0a8a1c0b5e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70819";

    [Theory]
    [InlineData("main@sha1:" + Sha, "main")]
    [InlineData("refs/heads/release/v1@sha1:" + Sha, "release/v1")]
    [InlineData("main/" + Sha, "main")]
    [InlineData("feature@x@sha1:" + Sha, "feature@x")]
    public void Git_revisions_in_every_format_name_the_commit_and_branch(string revision, string branch)
    {
        var parsed = FluxRevision.Parse(revision);

        Assert.Equal(RevisionKind.GitCommit, parsed.Kind);
        Assert.Equal(Sha, parsed.Sha);
        Assert.Equal(Sha, parsed.ToCommitish());
        Assert.Equal(branch, parsed.Branch);
    }

    [Theory]
    [InlineData("sha1:" + Sha)]
    [InlineData("HEAD/" + Sha)]
    [InlineData("refs/tags/v1.0.0@sha1:" + Sha)]
    [InlineData(Sha)]
    public void Commits_without_a_branch_pointer_have_no_branch(string revision)
    {
        var parsed = FluxRevision.Parse(revision);

        Assert.Equal(Sha, parsed.Sha);
        Assert.Null(parsed.Branch);
    }

    [Theory]
    [InlineData(Sha)]
    [InlineData("5394cb7f48332b2de7c17dd8b8384bbc84b7e7385394cb7f48332b2de7c17dd8")]
    public void A_bare_full_sha_is_a_commit_not_a_chart_version(string revision)
    {
        Assert.Equal(RevisionKind.GitCommit, FluxRevision.Parse(revision).Kind);
    }

    [Theory]
    [InlineData("latest@sha256:" + Digest)]
    [InlineData("sha256:" + Digest)]
    [InlineData("v1.2.0/" + Digest)]
    public void Oci_and_bucket_digests_are_not_git_commits_and_are_refused_as_commitish(string revision)
    {
        var parsed = FluxRevision.Parse(revision);

        Assert.Equal(RevisionKind.Digest, parsed.Kind);
        Assert.Null(parsed.Sha);
        Assert.Equal(Digest, parsed.Checksum);
        var error = Assert.Throws<FluxOpsException>(parsed.ToCommitish);
        Assert.Equal("RevisionInvalid", error.ErrorId);
        Assert.Contains("not a git commit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_helm_chart_version_is_a_version_not_a_commit()
    {
        var parsed = FluxRevision.Parse("6.5.4");

        Assert.Equal(RevisionKind.Version, parsed.Kind);
        Assert.Null(parsed.Sha);
        Assert.Equal(RevisionKind.None, FluxRevision.Parse(null).Kind);
    }

    [Theory]
    [InlineData("HEAD~2", "HEAD~2", null)]
    [InlineData("main@abc1234", "abc1234", "main")]
    public void Refs_and_short_shas_typed_by_people_pass_through(string revision, string commitish, string? branch)
    {
        var parsed = FluxRevision.Parse(revision);

        Assert.Equal(commitish, parsed.ToCommitish());
        Assert.Equal(branch, parsed.Branch);
    }

    [Fact]
    public void A_sha1_algorithm_without_a_sha_is_refused_as_not_a_git_revision()
    {
        var error = Assert.Throws<FluxOpsException>(FluxRevision.Parse("main@sha1:nothex").ToCommitish);

        Assert.Equal("RevisionInvalid", error.ErrorId);
        Assert.Contains("not a Flux git revision", error.Message, StringComparison.Ordinal);
    }
}
