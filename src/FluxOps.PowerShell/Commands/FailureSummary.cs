using System.Management.Automation;
using FluxOps.Models;

namespace FluxOps.PowerShell.Commands;

/// <summary>
/// The -FailOnMissing terminating error: names every reference that is not Exists, and keeps "missing" apart
/// from "could not verify" so an outage is never read as a typo.
/// </summary>
internal static class FailureSummary
{
    public static ErrorRecord Create(IReadOnlyList<ImageCheckResult> failed, IReadOnlyList<string> invalid, int total)
    {
        var missing = failed.Where(r => r.Status == ImageCheckStatus.NotFound).ToList();
        var unauthorized = failed.Where(r => r.Status == ImageCheckStatus.Unauthorized).ToList();
        var unknown = failed.Where(r => r.Status == ImageCheckStatus.Unknown).ToList();
        var parts = new List<string>();
        if (invalid.Count > 0)
        {
            parts.Add($"invalid references ({invalid.Count}): {string.Join(", ", invalid.Select(i => $"'{i}'"))}");
        }

        if (missing.Count > 0)
        {
            parts.Add($"missing ({missing.Count}): {List(missing)}");
        }

        if (unauthorized.Count > 0)
        {
            parts.Add($"not authorized, missing or private ({unauthorized.Count}): {List(unauthorized)}");
        }

        if (unknown.Count > 0)
        {
            parts.Add($"could not verify, registry did not answer clearly ({unknown.Count}): {List(unknown)}");
        }

        var message = $"{failed.Count + invalid.Count} of {total} image references failed the check; " + string.Join("; ", parts) + ".";
        var targets = invalid.Concat(failed.Select(f => f.Image)).ToArray();
        var onlyUnknown = missing.Count == 0 && unauthorized.Count == 0 && invalid.Count == 0;
        return onlyUnknown
            ? new ErrorRecord(new InvalidOperationException(message), "ImageNotVerified", ErrorCategory.ConnectionError, targets)
            : new ErrorRecord(new InvalidOperationException(message), "ImageMissing", ErrorCategory.ObjectNotFound, targets);
    }

    private static string List(IEnumerable<ImageCheckResult> results) => string.Join(", ", results.Select(r =>
        r.File is null ? r.Image : $"{r.Image} ({r.File}:{r.Line})"));
}
