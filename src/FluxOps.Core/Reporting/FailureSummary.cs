using FluxOps.Models;

namespace FluxOps.Core.Reporting;

/// <summary>Why a gate fails: a stable id, the message naming every reference, and the references themselves.</summary>
internal sealed record GateFailure(string ErrorId, string Message, bool CouldNotVerifyOnly, IReadOnlyList<string> Targets);

/// <summary>
/// The -FailOnMissing verdict: names every reference that is not Exists, and keeps "missing" apart from "could not
/// verify" so an outage is never read as a typo (and a typo never slips through because it could not be asked about).
/// </summary>
internal static class FailureSummary
{
    public static GateFailure? Create(IReadOnlyList<ImageCheckResult> failed, IReadOnlyList<string> invalid, int total)
    {
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(invalid);
        if (failed.Count == 0 && invalid.Count == 0)
        {
            return null;
        }

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
        var onlyUnknown = missing.Count == 0 && unauthorized.Count == 0 && invalid.Count == 0;
        return new GateFailure(onlyUnknown ? "ImageNotVerified" : "ImageMissing", message, onlyUnknown, [.. invalid, .. failed.Select(f => f.Image)]);
    }

    private static string List(IEnumerable<ImageCheckResult> results) => string.Join(", ", results.Select(r =>
    {
        var details = new List<string>(2);
        if (r.File is not null)
        {
            details.Add($"{r.File}:{r.Line}");
        }

        if (r.NearestTags.Count > 0)
        {
            details.Add("nearest tags: " + string.Join(", ", r.NearestTags));
        }

        return details.Count == 0 ? r.Image : $"{r.Image} ({string.Join("; ", details)})";
    }));
}
