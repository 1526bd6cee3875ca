using System.Globalization;
using System.Text;
using FluxOps.Models;

namespace FluxOps.Core.Reporting;

/// <summary>
/// Formats a failed image check as a workflow command, so the CI shows the error on the file and line
/// that wrote the image: GitHub Actions <c>::error file=,line=::</c>, Azure Pipelines <c>##vso[task.logissue]</c>.
/// </summary>
internal static class CiAnnotationFormatter
{
    /// <summary>The annotation line, or null when the result needs none (it exists) or the system has no syntax.</summary>
    public static string? Format(ImageCheckResult result, CiSystem system)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = ImageCheckVerdict.For(result);
        if (verdict is null)
        {
            return null;
        }

        var message = ImageCheckVerdict.Describe(result);
        return system switch
        {
            CiSystem.GitHubActions => GitHub(result, verdict, message),
            CiSystem.AzurePipelines => Azure(result, message),
            _ => null,
        };
    }

    private static string GitHub(ImageCheckResult result, ImageCheckVerdict verdict, string message)
    {
        var properties = new List<string>();
        if (!string.IsNullOrEmpty(result.File))
        {
            properties.Add("file=" + EscapeGitHubProperty(result.File));
            if (result.Line > 0)
            {
                properties.Add("line=" + result.Line.ToString(CultureInfo.InvariantCulture));
            }
        }

        properties.Add("title=" + EscapeGitHubProperty(verdict.Title));
        return $"::error {string.Join(',', properties)}::{EscapeGitHubData(message)}";
    }

    private static string Azure(ImageCheckResult result, string message)
    {
        var properties = new StringBuilder("type=error;");
        if (!string.IsNullOrEmpty(result.File))
        {
            properties.Append("sourcepath=").Append(EscapeAzure(result.File)).Append(';');
            if (result.Line > 0)
            {
                properties.Append("linenumber=").Append(result.Line.ToString(CultureInfo.InvariantCulture)).Append(';');
            }
        }

        return $"##vso[task.logissue {properties}]{EscapeAzure(message)}";
    }

    // GitHub's toolkit escaping: data escapes %, CR, LF; properties also escape ':' and ','.
    private static string EscapeGitHubData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    private static string EscapeGitHubProperty(string value) =>
        EscapeGitHubData(value).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);

    // Azure Pipelines' logging-command escaping.
    private static string EscapeAzure(string value) =>
        value.Replace("%", "%AZP25", StringComparison.Ordinal)
            .Replace(";", "%3B", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal)
            .Replace("]", "%5D", StringComparison.Ordinal);
}
