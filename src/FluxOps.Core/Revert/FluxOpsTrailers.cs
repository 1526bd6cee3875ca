using System.Text;
using System.Text.RegularExpressions;
using FluxOps.Models;

namespace FluxOps.Core.Revert;

/// <summary>
/// What a commit message says about reverts: the FluxOps trailer block (<see cref="MadeByFluxOps"/> true), or git's own
/// "This reverts commit &lt;sha&gt;." line (false) — a claim that counts only once <see cref="RevertGuard"/> has seen
/// the commit really undo that change.
/// </summary>
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
/// the shared state, so the grammar is strict: state is read only from the trailer block that ends the message (its
/// last paragraph, every line a <c>Token: value</c> trailer) and only when that block says <c>Reverted-by: FluxOps</c>;
/// every value is written on one line, and a reverted sha must be a full 40- or 64-hex object id. Text anywhere
/// else in a message — a subject, a reason quoted in the body, a line a signed event smuggled in — is never state.
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

    /// <summary>Formats the trailer block (no leading blank line). Every value is flattened to one line.</summary>
    public static string Format(IEnumerable<string> revertedShas, string? reason, IEnumerable<string> badImages, RevertOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(revertedShas);
        ArgumentNullException.ThrowIfNull(badImages);
        var builder = new StringBuilder();
        builder.Append(RevertedBy).Append(": ").Append(RevertedByValue).Append('\n');
        foreach (var sha in revertedShas)
        {
            builder.Append(Reverts).Append(": ").Append(OneLine(sha)).Append('\n');
        }

        if (!string.IsNullOrWhiteSpace(reason) && OneLine(reason) is { Length: > 0 } line)
        {
            builder.Append(Reason).Append(": ").Append(line).Append('\n');
        }

        if (origin is not null)
        {
            builder.Append(Trigger).Append(": ").Append(origin.Trigger).Append('\n');
            builder.Append(DecidedBy).Append(": ").Append(OneLine(origin.DecidedBy)).Append('\n');
        }

        foreach (var image in badImages.Select(OneLine).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal))
        {
            builder.Append(BadImage).Append(": ").Append(image).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// The revert a message records: the FluxOps trailer block when the message ends with one, else git's own revert
    /// line(s) (<see cref="FluxOpsRevertRecord.MadeByFluxOps"/> false: only a claim until verified), else null.
    /// </summary>
    public static FluxOpsRevertRecord? Read(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var lines = message.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n', ' ', '\t').Split('\n');
        if (FluxOpsBlock(lines) is { } block)
        {
            return block;
        }

        // git revert writes "This reverts commit <sha>." (", reversing" for a merge) on its own line after the subject.
        var claimed = lines.Skip(1).Select(line => GitRevertLine().Match(line)).Where(m => m.Success)
            .Select(m => m.Groups["sha"].Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        return claimed.Count == 0 ? null : new FluxOpsRevertRecord(claimed, null, [], false);
    }

    /// <summary>Joins a value's lines with spaces and drops other control characters: what a trailer value may hold.</summary>
    public static string OneLine(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c is '\r' or '\n' or '\t' ? ' ' : char.IsControl(c) ? '?' : c);
        }

        return Spaces().Replace(builder.ToString(), " ").Trim();
    }

    /// <summary>The last paragraph, when every line of it is a trailer and one of them is <c>Reverted-by: FluxOps</c>.</summary>
    private static FluxOpsRevertRecord? FluxOpsBlock(string[] lines)
    {
        var start = lines.Length;
        while (start > 0 && lines[start - 1].Trim().Length > 0)
        {
            start--;
        }

        // A message that is one paragraph has no trailer block (git needs a subject before the trailers, too).
        if (start == 0 || start == lines.Length)
        {
            return null;
        }

        var trailers = new List<(string Key, string Value)>();
        foreach (var line in lines.AsSpan(start))
        {
            var match = TrailerLine().Match(line);
            if (!match.Success)
            {
                return null;
            }

            trailers.Add((match.Groups["key"].Value, match.Groups["value"].Value.Trim()));
        }

        if (!trailers.Any(t => t.Key.Equals(RevertedBy, StringComparison.OrdinalIgnoreCase) && t.Value.Equals(RevertedByValue, StringComparison.Ordinal)))
        {
            return null;
        }

        var reverted = trailers.Where(t => t.Key.Equals(Reverts, StringComparison.OrdinalIgnoreCase) && ObjectId().IsMatch(t.Value))
            .Select(t => t.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var reason = trailers.Where(t => t.Key.Equals(Reason, StringComparison.OrdinalIgnoreCase)).Select(t => t.Value).LastOrDefault();
        var images = trailers.Where(t => t.Key.Equals(BadImage, StringComparison.OrdinalIgnoreCase) && t.Value.Length > 0).Select(t => t.Value).ToList();

        // Names only: anything else (a number, a typo) is Unknown, which the circuit breaker counts.
        var trigger = trailers.Where(t => t.Key.Equals(Trigger, StringComparison.OrdinalIgnoreCase)).Select(t => t.Value.ToUpperInvariant()).LastOrDefault() switch
        {
            "AUTOMATION" => RevertTrigger.Automation,
            "MANUAL" => RevertTrigger.Manual,
            _ => RevertTrigger.Unknown,
        };
        var decidedBy = trailers.Where(t => t.Key.Equals(DecidedBy, StringComparison.OrdinalIgnoreCase)).Select(t => t.Value).LastOrDefault();
        return new FluxOpsRevertRecord(reverted, reason, images, true) { Trigger = trigger, DecidedBy = decidedBy };
    }

    // git's trailer token: letters, digits and '-', then ':' and the value on the same line.
    [GeneratedRegex(@"^(?<key>[A-Za-z0-9][A-Za-z0-9-]*):[ \t]*(?<value>[^\r\n]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailerLine();

    [GeneratedRegex("^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectId();

    [GeneratedRegex(@"^This reverts commit (?<sha>[0-9a-f]{40}|[0-9a-f]{64})(?:\.|, reversing)$", RegexOptions.CultureInvariant)]
    private static partial Regex GitRevertLine();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();
}
