using System.Text;
using System.Text.RegularExpressions;
using FluxOps.Models;

namespace FluxOps.Core.Revert;

/// <summary>What a FluxOps revert commit records about itself in its trailers.</summary>
internal sealed record FluxOpsRevertRecord(
    IReadOnlyList<string> RevertedShas,
    string? Reason,
    IReadOnlyList<string> BadImages,
    bool MadeByFluxOps)
{
    /// <summary>Fluxops-Trigger: who set the revert off; Unknown for reverts written before FluxOps recorded it.</summary>
    public RevertTrigger Trigger { get; init; }

    /// <summary>Fluxops-Decided-By: the person, or the rollback policy's host/process.</summary>
    public string? DecidedBy { get; init; }
}

/// <summary>
/// The commit trailers FluxOps writes on every revert and reads back for loop protection. The remote's history is
/// the shared state: any receiver (or a human) can tell what was reverted, why and by whom from these lines alone.
/// </summary>
internal static partial class FluxOpsTrailers
{
    public const string RevertedBy = "Reverted-by";
    public const string RevertedByValue = "FluxOps";
    public const string Reverts = "Fluxops-Reverts";
    public const string Reason = "Fluxops-Reason";
    public const string BadImage = "Fluxops-Bad-Image";
    public const string Trigger = "Fluxops-Trigger";
    public const string DecidedBy = "Fluxops-Decided-By";

    /// <summary>Formats the trailer block (no leading blank line). Values are flattened to one line.</summary>
    public static string Format(IEnumerable<string> revertedShas, string? reason, IEnumerable<string> badImages, RevertOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(revertedShas);
        ArgumentNullException.ThrowIfNull(badImages);
        var builder = new StringBuilder();
        builder.Append(RevertedBy).Append(": ").Append(RevertedByValue).Append('\n');
        foreach (var sha in revertedShas)
        {
            builder.Append(Reverts).Append(": ").Append(sha).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(reason))
        {
            builder.Append(Reason).Append(": ").Append(OneLine(reason)).Append('\n');
        }

        if (origin is not null)
        {
            builder.Append(Trigger).Append(": ").Append(origin.Trigger).Append('\n');
            builder.Append(DecidedBy).Append(": ").Append(OneLine(origin.DecidedBy)).Append('\n');
        }

        foreach (var image in badImages.Distinct(StringComparer.Ordinal))
        {
            builder.Append(BadImage).Append(": ").Append(OneLine(image)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Reads the FluxOps trailers of a commit message. Also recognises plain <c>git revert</c> messages
    /// ("This reverts commit &lt;sha&gt;."), reported with <see cref="FluxOpsRevertRecord.MadeByFluxOps"/> false.
    /// Returns null when the message records no revert at all.
    /// </summary>
    public static FluxOpsRevertRecord? Read(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var reverted = new List<string>();
        var images = new List<string>();
        string? reason = null;
        string? decidedBy = null;
        var trigger = RevertTrigger.Unknown;
        var byFluxOps = false;
        foreach (Match match in TrailerPattern().Matches(message))
        {
            var key = match.Groups["key"].Value;
            var value = match.Groups["value"].Value.Trim();
            if (key.Equals(RevertedBy, StringComparison.OrdinalIgnoreCase) && value.Equals(RevertedByValue, StringComparison.OrdinalIgnoreCase))
            {
                byFluxOps = true;
            }
            else if (key.Equals(Reverts, StringComparison.OrdinalIgnoreCase))
            {
                reverted.Add(value.ToLowerInvariant());
            }
            else if (key.Equals(Reason, StringComparison.OrdinalIgnoreCase))
            {
                reason = value;
            }
            else if (key.Equals(BadImage, StringComparison.OrdinalIgnoreCase))
            {
                images.Add(value);
            }
            else if (key.Equals(Trigger, StringComparison.OrdinalIgnoreCase))
            {
                // Names only: anything else (a number, a typo) is Unknown, which the circuit breaker counts.
                trigger = value.ToUpperInvariant() switch
                {
                    "AUTOMATION" => RevertTrigger.Automation,
                    "MANUAL" => RevertTrigger.Manual,
                    _ => RevertTrigger.Unknown,
                };
            }
            else if (key.Equals(DecidedBy, StringComparison.OrdinalIgnoreCase))
            {
                decidedBy = value;
            }
        }

        foreach (Match match in GitRevertPattern().Matches(message))
        {
            var sha = match.Groups["sha"].Value.ToLowerInvariant();
            if (!reverted.Contains(sha))
            {
                reverted.Add(sha);
            }
        }

        return reverted.Count == 0 && !byFluxOps ? null : new FluxOpsRevertRecord(reverted, reason, images, byFluxOps) { Trigger = trigger, DecidedBy = decidedBy };
    }

    private static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    [GeneratedRegex(@"^(?<key>Reverted-by|Fluxops-Reverts|Fluxops-Reason|Fluxops-Bad-Image|Fluxops-Trigger|Fluxops-Decided-By):[ \t]*(?<value>.*)$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex TrailerPattern();

    [GeneratedRegex(@"This reverts commit (?<sha>[0-9a-fA-F]{40})", RegexOptions.IgnoreCase)]
    private static partial Regex GitRevertPattern();
}
