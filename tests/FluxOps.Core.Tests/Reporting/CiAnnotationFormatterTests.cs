using FluxOps.Core.Reporting;
using FluxOps.Models;

namespace FluxOps.Core.Tests.Reporting;

public sealed class CiAnnotationFormatterTests
{
    [Fact]
    public void GitHub_annotation_points_at_the_file_and_line()
    {
        var missing = SampleResults.Mixed()[1];

        var line = CiAnnotationFormatter.Format(missing, CiSystem.GitHubActions);

        Assert.Equal("::error file=apps/web/kustomization.yaml,line=9,title=Image not found::image not found: ghcr.io/acme/web:1.4.1-typo", line);
    }

    [Fact]
    public void Azure_annotation_uses_logissue_with_source_path_and_line()
    {
        var missing = SampleResults.Mixed()[1];

        var line = CiAnnotationFormatter.Format(missing, CiSystem.AzurePipelines);

        Assert.Equal("##vso[task.logissue type=error;sourcepath=apps/web/kustomization.yaml;linenumber=9;]image not found: ghcr.io/acme/web:1.4.1-typo", line);
    }

    [Fact]
    public void Unknown_says_could_not_verify_not_missing()
    {
        var outage = SampleResults.Mixed()[3];

        var line = CiAnnotationFormatter.Format(outage, CiSystem.GitHubActions)!;

        Assert.Contains("could not verify quay.example/x/y:3", line, StringComparison.Ordinal);
        Assert.DoesNotContain("not found", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("file=", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Existing_images_and_plain_logs_get_no_annotation()
    {
        Assert.Null(CiAnnotationFormatter.Format(SampleResults.Mixed()[0], CiSystem.GitHubActions));
        Assert.Null(CiAnnotationFormatter.Format(SampleResults.Mixed()[1], CiSystem.None));
    }

    [Fact]
    public void Escapes_characters_that_would_end_the_command()
    {
        var result = new ImageCheckResult { Image = "a:1", Status = ImageCheckStatus.Unknown, Error = "50% done\nthen; ]broke", File = "dir,x/f:1.yaml", Line = 2 };

        var github = CiAnnotationFormatter.Format(result, CiSystem.GitHubActions)!;
        var azure = CiAnnotationFormatter.Format(result, CiSystem.AzurePipelines)!;

        Assert.Contains("file=dir%2Cx/f%3A1.yaml", github, StringComparison.Ordinal);
        Assert.Contains("50%25 done%0Athen", github, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", github, StringComparison.Ordinal);
        Assert.Contains("50%AZP25 done%0Athen%3B %5Dbroke", azure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", null, "GitHubActions")]
    [InlineData(null, "True", "AzurePipelines")]
    [InlineData(null, null, "None")]
    public void Detects_the_ci_from_its_environment(string? githubActions, string? tfBuild, string expected)
    {
        var env = new Dictionary<string, string?> { ["GITHUB_ACTIONS"] = githubActions, ["TF_BUILD"] = tfBuild };

        Assert.Equal(expected, CiSystemDetector.Detect(name => env.GetValueOrDefault(name)).ToString());
    }
}
