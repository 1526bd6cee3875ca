using FluxOps.Core.Flux;

namespace FluxOps.Core.Tests.Flux;

public sealed class EventRevisionTests
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
        var parsed = EventRevision.Parse(revision);

        Assert.Equal(EventRevisionKind.GitCommit, parsed.Kind);
        Assert.Equal(Sha, parsed.Sha);
        Assert.Equal(branch, parsed.Branch);
    }

    [Theory]
    [InlineData("sha1:" + Sha)]
    [InlineData("HEAD/" + Sha)]
    [InlineData("refs/tags/v1.0.0@sha1:" + Sha)]
    public void Commits_without_a_branch_pointer_have_no_branch(string revision)
    {
        var parsed = EventRevision.Parse(revision);

        Assert.Equal(Sha, parsed.Sha);
        Assert.Null(parsed.Branch);
    }

    [Theory]
    [InlineData("latest@sha256:" + Digest)]
    [InlineData("sha256:" + Digest)]
    [InlineData("v1.2.0/" + Digest)]
    public void Oci_and_bucket_digests_are_not_git_commits(string revision)
    {
        var parsed = EventRevision.Parse(revision);

        Assert.Equal(EventRevisionKind.Digest, parsed.Kind);
        Assert.Null(parsed.Sha);
        Assert.Equal(Digest, parsed.Checksum);
    }

    [Fact]
    public void A_helm_chart_version_is_a_version_not_a_commit()
    {
        var parsed = EventRevision.Parse("6.5.4");

        Assert.Equal(EventRevisionKind.Version, parsed.Kind);
        Assert.Null(parsed.Sha);
        Assert.Equal(EventRevisionKind.None, EventRevision.Parse(null).Kind);
    }
}
