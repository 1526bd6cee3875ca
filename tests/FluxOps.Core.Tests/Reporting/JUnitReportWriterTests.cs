using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using FluxOps.Core.Reporting;

namespace FluxOps.Core.Tests.Reporting;

public sealed class JUnitReportWriterTests
{
    [Fact]
    public void Report_is_valid_junit_and_counts_failures_and_errors()
    {
        using var stream = new MemoryStream();
        JUnitReportWriter.Write(stream, SampleResults.Mixed(), DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

        var problems = Validate(stream.ToArray());
        Assert.Empty(problems);

        var suite = XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray())).Root!.Element("testsuite")!;
        Assert.Equal("4", suite.Attribute("tests")!.Value);
        Assert.Equal("2", suite.Attribute("failures")!.Value);
        Assert.Equal("1", suite.Attribute("errors")!.Value);
        var cases = suite.Elements("testcase").ToList();
        Assert.Null(cases[0].Element("failure"));
        Assert.Equal("apps/web/kustomization.yaml:9", cases[1].Attribute("classname")!.Value);
        Assert.Equal("ImageNotFound", cases[1].Element("failure")!.Attribute("type")!.Value);
        Assert.StartsWith("could not verify", cases[3].Element("error")!.Attribute("message")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_rejects_a_report_without_counts()
    {
        var broken = "<testsuites><testsuite name=\"x\"><testcase name=\"a\" classname=\"b\"/></testsuite></testsuites>"u8.ToArray();

        Assert.NotEmpty(Validate(broken));
    }

    private static List<string> Validate(byte[] xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(null, Path.Combine(AppContext.BaseDirectory, "Reporting", "junit.xsd"));
        var problems = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => problems.Add(e.Message);
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read())
        {
        }

        return problems;
    }
}
