using FluxOps.Core.Revert;

namespace FluxOps.Core.Tests.Revert;

public sealed class FluxOpsTrailersTests
{
    [Fact]
    public void Written_trailers_read_back_with_every_field()
    {
        var sha = new string('a', 40);
        var message = "Revert \"x\"\n\nThis reverts commit " + sha + ".\n\n"
            + FluxOpsTrailers.Format([sha], "health check failed\nin prod", ["ghcr.io/acme/web:1.4.0"]);

        var record = FluxOpsTrailers.Read(message);

        Assert.NotNull(record);
        Assert.True(record.MadeByFluxOps);
        Assert.Equal([sha], record.RevertedShas);
        Assert.Equal("health check failed in prod", record.Reason);
        Assert.Equal(["ghcr.io/acme/web:1.4.0"], record.BadImages);
        Assert.Contains("Reverted-by: FluxOps\n", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_git_revert_is_recognised_but_not_as_fluxops()
    {
        var sha = new string('b', 40);
        var record = FluxOpsTrailers.Read($"Revert \"y\"\n\nThis reverts commit {sha}.\n");

        Assert.NotNull(record);
        Assert.False(record.MadeByFluxOps);
        Assert.Equal([sha], record.RevertedShas);
    }

    [Fact]
    public void An_ordinary_commit_has_no_record()
    {
        Assert.Null(FluxOpsTrailers.Read("Bump web to 1.4.0\n\nSigned-off-by: a <a@b>\n"));
    }
}
