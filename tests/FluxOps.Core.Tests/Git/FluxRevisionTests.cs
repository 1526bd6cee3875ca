using FluxOps.Core.Git;

namespace FluxOps.Core.Tests.Git;

public sealed class FluxRevisionTests
{
    private const string Sha = "5394cb7f48332b2de7c17dd8b8384bbc84b7e738";

    [Theory]
    [InlineData("main@sha1:" + Sha, "main", "main")]
    [InlineData("refs/heads/main@sha1:" + Sha, "refs/heads/main", "main")]
    [InlineData("feature@team@sha1:" + Sha, "feature@team", "feature@team")]
    [InlineData("sha1:" + Sha, null, null)]
    [InlineData("main/" + Sha, "main", "main")]
    [InlineData(Sha, null, null)]
    public void Git_revisions_yield_the_commit_after_the_last_at(string revision, string? pointer, string? branch)
    {
        var parsed = FluxRevision.Parse(revision);

        Assert.Equal(Sha, parsed.Commitish);
        Assert.Equal(pointer, parsed.Pointer);
        Assert.Equal(branch, parsed.Branch);
        Assert.True(parsed.IsObjectId);
    }

    [Fact]
    public void Tag_pointer_is_not_reported_as_a_branch()
    {
        Assert.Null(FluxRevision.Parse("refs/tags/v1@sha1:" + Sha).Branch);
    }

    [Theory]
    [InlineData("latest@sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")]
    [InlineData("sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae")]
    public void Oci_and_bucket_digests_are_refused_as_not_a_git_commit(string revision)
    {
        var error = Assert.Throws<GitOperationException>(() => FluxRevision.Parse(revision));

        Assert.Equal("RevisionInvalid", error.ErrorId);
        Assert.Contains("not a git commit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_ref_passes_through()
    {
        var parsed = FluxRevision.Parse("HEAD~2");

        Assert.Equal("HEAD~2", parsed.Commitish);
        Assert.False(parsed.IsObjectId);
    }
}
