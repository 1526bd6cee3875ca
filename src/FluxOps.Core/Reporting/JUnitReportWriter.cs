using System.Globalization;
using System.Xml;
using FluxOps.Models;

namespace FluxOps.Core.Reporting;

/// <summary>
/// Writes image check results as JUnit XML (the Jenkins/Ant dialect every CI reads): one test case per
/// reference, NotFound and Unauthorized as failures, Unknown as an error ("could not verify").
/// </summary>
internal static class JUnitReportWriter
{
    public static void Write(Stream destination, IReadOnlyList<ImageCheckResult> results, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(results);
        var failures = results.Count(r => r.Status is ImageCheckStatus.NotFound or ImageCheckStatus.Unauthorized);
        var errors = results.Count(r => r.Status == ImageCheckStatus.Unknown);
        var seconds = Seconds(results.Sum(r => r.ElapsedMs));

        using var xml = XmlWriter.Create(destination, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", "FluxOps");
        WriteCounts(xml, results.Count, failures, errors, seconds);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "Test-ImageTag");
        WriteCounts(xml, results.Count, failures, errors, seconds);
        xml.WriteAttributeString("skipped", "0");
        xml.WriteAttributeString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        xml.WriteAttributeString("hostname", "localhost");
        foreach (var result in results)
        {
            WriteCase(xml, result);
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCase(XmlWriter xml, ImageCheckResult result)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", result.Image);
        xml.WriteAttributeString("classname", Location(result));
        xml.WriteAttributeString("time", Seconds(result.ElapsedMs));
        if (ImageCheckVerdict.For(result) is { } verdict)
        {
            xml.WriteStartElement(result.Status == ImageCheckStatus.Unknown ? "error" : "failure");
            xml.WriteAttributeString("message", ImageCheckVerdict.Describe(result));
            xml.WriteAttributeString("type", verdict.RuleName);
            xml.WriteString($"{verdict.Description}\n{Location(result)}");
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteCounts(XmlWriter xml, int tests, int failures, int errors, string seconds)
    {
        xml.WriteAttributeString("tests", tests.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", failures.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("errors", errors.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("time", seconds);
    }

    private static string Location(ImageCheckResult result) => string.IsNullOrEmpty(result.File)
        ? result.Registry ?? "images"
        : result.Line > 0 ? $"{result.File}:{result.Line}" : result.File;

    private static string Seconds(long milliseconds) => (milliseconds / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
}
