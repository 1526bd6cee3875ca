using System.Text.Json;
using FluxOps.Models;

namespace FluxOps.Core.Reporting;

/// <summary>
/// Writes image check problems as a SARIF 2.1.0 log (GitHub code scanning, Azure DevOps SARIF viewer):
/// one rule per failing status, one result per reference that does not exist or could not be verified.
/// </summary>
internal static class SarifReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static void Write(Stream destination, IReadOnlyList<ImageCheckResult> results, string toolVersion)
    {
        ArgumentNullException.ThrowIfNull(results);
        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json, toolVersion);
        json.WriteStartArray("results");
        foreach (var result in results)
        {
            if (ImageCheckVerdict.For(result) is { } verdict)
            {
                WriteResult(json, result, verdict);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter json, string toolVersion)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "FluxOps");
        json.WriteString("version", toolVersion);
        json.WriteString("informationUri", "https://github.com/fluxops/fluxops");
        json.WriteStartArray("rules");
        foreach (var verdict in ImageCheckVerdict.All)
        {
            json.WriteStartObject();
            json.WriteString("id", verdict.RuleId);
            json.WriteString("name", verdict.RuleName);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", verdict.Title);
            json.WriteEndObject();
            json.WriteStartObject("fullDescription");
            json.WriteString("text", verdict.Description);
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", "error");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, ImageCheckResult result, ImageCheckVerdict verdict)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", verdict.RuleId);
        json.WriteNumber("ruleIndex", ImageCheckVerdict.All.ToList().IndexOf(verdict));
        json.WriteString("level", "error");
        json.WriteStartObject("message");
        json.WriteString("text", ImageCheckVerdict.Describe(result));
        json.WriteEndObject();
        if (!string.IsNullOrEmpty(result.File))
        {
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", result.File.Replace('\\', '/'));
            json.WriteString("uriBaseId", "%SRCROOT%");
            json.WriteEndObject();
            if (result.Line > 0)
            {
                json.WriteStartObject("region");
                json.WriteNumber("startLine", result.Line);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteStartObject("properties");
        json.WriteString("image", result.Image);
        json.WriteString("status", result.Status.ToString());
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
