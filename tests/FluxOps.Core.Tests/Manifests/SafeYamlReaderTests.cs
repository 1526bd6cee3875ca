using System.Text;
using FluxOps.Core.Manifests;
using static FluxOps.Core.Tests.Manifests.ScanHelper;

namespace FluxOps.Core.Tests.Manifests;

public sealed class SafeYamlReaderTests
{
    [Fact]
    public void Alias_bombs_are_refused_per_file_without_expanding()
    {
        var bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var c = 'b'; c <= 'j'; c++)
        {
            var previous = (char)(c - 1);
            bomb.Append($"{c}: &{c} [*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous},*{previous}]\n");
        }

        var result = Scan("bomb/values.yaml", bomb.ToString());

        Assert.Empty(result.Images);
        var error = Assert.Single(result.Notices, n => n.Level == ScanNoticeLevel.Error);
        Assert.Contains("alias bomb", error.Reason, StringComparison.Ordinal);
        Assert.Equal("bomb/values.yaml", error.File);
    }

    [Fact]
    public void Nesting_past_ten_thousand_levels_is_refused_instead_of_overflowing_the_stack()
    {
        var result = Scan("deep.yaml", new string('[', 100_000));
        var error = Assert.Single(result.Notices, n => n.Level == ScanNoticeLevel.Error);
        Assert.Contains("deeper than 10000 levels", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_built_from_aliases_counts_too()
    {
        var yaml = new StringBuilder("a: &l0 " + new string('[', 6000) + new string(']', 6000) + "\n");
        yaml.Append("b: &l1 " + new string('[', 6000) + "*l0" + new string(']', 6000) + "\n");
        var error = Assert.Single(Scan("deep.yaml", yaml.ToString()).Notices, n => n.Level == ScanNoticeLevel.Error);
        Assert.Contains("aliases followed", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_for_that_file()
    {
        var bytes = Encoding.UTF8.GetBytes("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - image: acme/app:1\n").ToList();
        bytes.InsertRange(20, new byte[] { 0xC3, 0x28 });
        var result = ManifestScanner.Scan("bad.yaml", bytes.ToArray());
        Assert.Empty(result.Images);
        Assert.Contains("not valid UTF-8", Assert.Single(result.Notices).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Self_referencing_anchors_are_refused_not_followed_forever()
    {
        var error = Assert.Single(Scan("loop.yaml", "a: &a [1, *a]\n").Notices);
        Assert.Contains("alias *a has no anchor", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_that_trips_the_yamldotnet_scanner_is_an_error_for_that_file_not_a_crash()
    {
        // Found by ManifestScannerPropertyTests: YamlDotNet throws InvalidOperationException from ScanPlainScalar here.
        const string yaml = "kind: Deployment\n{>-\n&a image: \\    - image: acme/app:1\n&a ? {\t- op: add\n  path: /x/image\n  value: a:1\n>-\nkind: Deployment\n\"'- <<: *a\n]images:\n- name: x\n  newTag: y\n- op: add\n  path: /x/image\n  value: a:1\nimage: : ";
        var error = Assert.Single(Scan("p.json", yaml).Notices);
        Assert.Equal(ScanNoticeLevel.Error, error.Level);
        Assert.Contains("not readable as YAML", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Operation is not valid due to the current state of the object", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_marker_line_is_skipped_quickly_not_backtracked()
    {
        var line = "key: " + new string(' ', 500_000) + "x # {\"$imagepolicy\": \"ns:p\"}\n";
        var result = Scan("values.yaml", line);
        Assert.Empty(result.Images);
        Assert.Contains("line longer than 2048 characters", Skips(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.yaml")]
    [InlineData("values.yaml")]
    public void Nesting_just_under_the_limit_with_aliases_is_read_in_bounded_time(string path)
    {
        // 9,000 levels of maps, then 40 aliases to the whole chain (720,000 expanded nodes): paths must not be built level by level for every node.
        var yaml = new StringBuilder("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  x: &deep ");
        yaml.Append(string.Concat(Enumerable.Repeat("{a: ", 9_000)));
        yaml.Append("{containers: [{name: c, image: acme/app:1}], image: acme/app:2}");
        yaml.Append(new string('}', 9_000));
        yaml.Append("\n  y: [" + string.Join(",", Enumerable.Repeat("*deep", 40)) + "]\n");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Scan(path, yaml.ToString());
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.True(result.Images.Count > 0, string.Join("; ", result.Notices));
    }

    [Fact]
    public void Syntax_errors_name_the_line()
    {
        var error = Assert.Single(Scan("broken.yaml", "apiVersion: v1\nkind: Pod\nspec: [unclosed\n").Notices);
        Assert.Equal(ScanNoticeLevel.Error, error.Level);
        Assert.Matches("^line [0-9]+, column [0-9]+:", error.Reason);
    }

    [Fact]
    public void Files_over_the_size_cap_are_an_error_because_their_images_cannot_be_checked()
    {
        var result = ManifestScanner.Scan("huge.yaml", Encoding.UTF8.GetBytes("apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: acme/app:1\n"), maxFileBytes: 16);
        Assert.Empty(result.Images);
        var notice = Assert.Single(result.Notices);
        Assert.Equal(ScanNoticeLevel.Error, notice.Level);
        Assert.Contains("cannot be checked", notice.Reason, StringComparison.Ordinal);
    }
}
