using FluxOps.Models;

namespace FluxOps.Core.Tests.Models;

/// <summary>The layout behind the default views: whole facts at 80 and 120 columns, breaks only between words.</summary>
public sealed class RecordLayoutTests
{
    private const string Image = "registry.example.com/acme-corp/platform/settlement-worker:2026.03.14-rc.1";

    [Fact]
    public void An_image_too_long_beside_the_label_gets_a_line_of_its_own_at_80_and_stays_beside_it_at_120()
    {
        var narrow = RecordLayout.Format("NotFound", Image, ["apps/worker.yaml:12"], 80).Split(Environment.NewLine);
        var wide = RecordLayout.Format("NotFound", Image, ["apps/worker.yaml:12"], 120).Split(Environment.NewLine);

        Assert.Equal(["NotFound", "  " + Image, "             apps/worker.yaml:12"], narrow);
        Assert.Equal(["NotFound     " + Image, "             apps/worker.yaml:12"], wide);
        Assert.All(narrow, line => Assert.True(line.Length < 80, line));
    }

    [Fact]
    public void Words_wrap_between_words_under_the_label_and_two_spaces_between_facts_survive()
    {
        var text = RecordLayout.Format("a1b2c3d", "infra: lower redis maxmemory to 64mb for the cost review of the platform team in March",
            ["2026-03-14T03:07Z  Ops Engineer  redis.yaml", null, " "], 60);

        var lines = text.Split(Environment.NewLine);
        Assert.Equal("a1b2c3d      infra: lower redis maxmemory to 64mb for the", lines[0]);
        Assert.Equal("             cost review of the platform team in March", lines[1]);
        Assert.Equal("             2026-03-14T03:07Z  Ops Engineer  redis.yaml", lines[2]);
        Assert.Equal(3, lines.Length);
    }

    [Fact]
    public void An_image_in_a_detail_too_long_for_the_indent_gets_a_line_of_its_own_indented_by_two()
    {
        var lines = RecordLayout.Format("0811bf8", "reverted da864f3: crash-loops", ["bad image " + Image], 80).Split(Environment.NewLine);

        Assert.Equal(["0811bf8      reverted da864f3: crash-loops", "             bad image", "  " + Image], lines);
        Assert.All(lines, line => Assert.True(line.Length < 80, line));
    }

    [Fact]
    public void An_unknown_width_is_laid_out_for_120_columns()
    {
        Assert.Equal(RecordLayout.Format("Exists", Image, [], 120), RecordLayout.Format("Exists", Image, [], 0));
    }
}
