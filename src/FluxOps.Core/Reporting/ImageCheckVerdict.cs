using FluxOps.Models;

namespace FluxOps.Core.Reporting;

/// <summary>How each non-Exists status is reported: one rule per status, with wording that never calls an outage "missing".</summary>
internal sealed record ImageCheckVerdict(string RuleId, string RuleName, string Title, string Description)
{
    public static readonly ImageCheckVerdict NotFound = new(
        "FLUXOPS001", "ImageNotFound", "Image not found",
        "The registry answered that this tag or digest does not exist. Flux would fail to pull it.");

    public static readonly ImageCheckVerdict Unauthorized = new(
        "FLUXOPS002", "ImageUnauthorized", "Image not readable with the given credentials",
        "The registry refused the credentials (or has no such repository and answers 401 for it, as Docker Hub does).");

    public static readonly ImageCheckVerdict Unknown = new(
        "FLUXOPS003", "ImageUnverified", "Image could not be verified",
        "The registry could not be asked (outage, timeout, TLS or network error). The image may exist; it could not be verified.");

    public static IReadOnlyList<ImageCheckVerdict> All { get; } = [NotFound, Unauthorized, Unknown];

    /// <summary>The verdict for a result, or null when the image exists.</summary>
    public static ImageCheckVerdict? For(ImageCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Status switch
        {
            ImageCheckStatus.NotFound => NotFound,
            ImageCheckStatus.Unauthorized => Unauthorized,
            ImageCheckStatus.Unknown => Unknown,
            _ => null,
        };
    }

    /// <summary>One line a person reads in a CI log: what is wrong with which image.</summary>
    public static string Describe(ImageCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = For(result);
        var text = verdict is null
            ? $"{result.Image} exists"
            : result.Status == ImageCheckStatus.Unknown
                ? $"could not verify {result.Image}"
                : $"{verdict.Title.ToLowerInvariant()}: {result.Image}";
        return string.IsNullOrEmpty(result.Error) ? text : $"{text} ({result.Error})";
    }
}
