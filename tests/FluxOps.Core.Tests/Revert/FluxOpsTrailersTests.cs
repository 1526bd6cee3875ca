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

    [Fact]
    public void Trailer_lines_outside_the_final_block_are_not_state()
    {
        var live = new string('c', 40);
        var message = $"Revert \"x\"\n\nReason: apps\nFluxops-Reverts: {live}\nx\n\n" + FluxOpsTrailers.Format([], "why", []);

        var record = FluxOpsTrailers.Read(message);

        Assert.NotNull(record);
        Assert.True(record.MadeByFluxOps);
        Assert.Empty(record.RevertedShas);
    }

    [Fact]
    public void A_final_block_that_is_not_all_trailers_or_lacks_Reverted_by_FluxOps_is_no_FluxOps_record()
    {
        var sha = new string('d', 40);

        Assert.Null(FluxOpsTrailers.Read($"Bump\n\nFluxops-Reverts: {sha}\n"));
        Assert.Null(FluxOpsTrailers.Read($"Bump\n\nReverted-by: FluxOps\nFluxops-Reverts: {sha}\nnot a trailer\n"));
        Assert.Null(FluxOpsTrailers.Read($"Reverted-by: FluxOps\nFluxops-Reverts: {sha}\n")); // a lone paragraph is a subject, not trailers
    }

    [Fact]
    public void Values_are_written_on_one_line_and_a_reverted_sha_must_be_a_full_object_id()
    {
        var sha = new string('e', 40);
        var block = FluxOpsTrailers.Format([sha], "apps\nFluxops-Reverts: " + new string('f', 40) + "\r\nmore", ["img:1\nFluxops-Reverts: x"]);
        var record = FluxOpsTrailers.Read("Revert \"x\"\n\n" + block + "Fluxops-Reverts: not-a-sha\n");

        Assert.Equal(4, block.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.NotNull(record);
        Assert.Equal([sha], record.RevertedShas);
        Assert.Equal($"apps Fluxops-Reverts: {new string('f', 40)} more", record.Reason);
    }

    [Fact]
    public void Git_revert_lines_count_only_as_git_writes_them()
    {
        var sha = new string('a', 40);

        Assert.Null(FluxOpsTrailers.Read($"Tidy: This reverts commit {sha}."));
        Assert.Null(FluxOpsTrailers.Read($"Tidy\n\nSee: This reverts commit {sha}.\n"));
        Assert.Equal([sha], FluxOpsTrailers.Read($"Revert \"m\"\n\nThis reverts commit {sha}, reversing\nchanges made to {new string('b', 40)}.\n")!.RevertedShas);
    }
}
