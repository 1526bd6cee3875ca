using System.Text.Json;
using FluxOps.Core.Reporting;
using NJsonSchema;

namespace FluxOps.Core.Tests.Reporting;

public sealed class SarifReportWriterTests
{
    [Fact]
    public async Task Report_is_valid_against_the_sarif_2_1_0_schema()
    {
        var schema = await JsonSchema.FromFileAsync(SchemaPath());
        using var stream = new MemoryStream();
        SarifReportWriter.Write(stream, SampleResults.Mixed(), "0.1.0");
        var json = System.Text.Encoding.UTF8.GetString(stream.ToArray());

        Assert.Empty(schema.Validate(json));
    }

    [Fact]
    public async Task Schema_check_catches_an_invalid_log()
    {
        var schema = await JsonSchema.FromFileAsync(SchemaPath());

        Assert.NotEmpty(schema.Validate("""{"version":"2.1.0","runs":[{"results":[]}]}"""));
    }

    [Fact]
    public void Reports_only_problems_with_rule_and_location()
    {
        using var stream = new MemoryStream();
        SarifReportWriter.Write(stream, SampleResults.Mixed(), "0.1.0");
        using var doc = JsonDocument.Parse(stream.ToArray());

        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.Equal(3, results.GetArrayLength());
        var missing = results[0];
        Assert.Equal("FLUXOPS001", missing.GetProperty("ruleId").GetString());
        var location = missing.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("apps/web/kustomization.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(9, location.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.False(results[2].TryGetProperty("locations", out _));
    }

    // build.ps1 fetches the schema from the npm package @microsoft/jest-sarif and names it here.
    private static string SchemaPath()
    {
        var path = Environment.GetEnvironmentVariable("FLUXOPS_SARIF_SCHEMA");
        Assert.False(string.IsNullOrEmpty(path), "FLUXOPS_SARIF_SCHEMA is not set: run ./build.ps1 -Task Test, which fetches the SARIF schema.");
        return path!;
    }
}
