using System.Text;
using System.Text.RegularExpressions;
using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Manifests;

namespace FluxOps.Core.Revert;

/// <summary>The file actions and message of a REST revert, before anything is written.</summary>
internal sealed record InverseCommitPlan(RestCommit Bad, IReadOnlyList<RestFileAction> Actions, string Message, IReadOnlyList<string> PausedMarkers, IReadOnlyList<string> BadImages);

/// <summary>
/// Plans the revert of one commit as its file-level inverse, through the API alone: every file the bad commit touched
/// gets its content (and, where the service tells it, its mode) from the bad commit's first parent back (files it added
/// are deleted, files it deleted re-created).
/// There is no three-way merge without git, so the plan REFUSES when any touched file changed since the bad commit
/// (its content at the branch tip differs from its content at the bad commit): a human reverts that one.
/// </summary>
internal static partial class InverseCommitPlanner
{
    public static InverseCommitPlan Plan(IHostedGitApi api, string badSha, string tipSha, string? reason, CancellationToken cancellationToken, bool keepImageAutomation = false, RevertOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        var bad = api.GetCommit(badSha, cancellationToken)
            ?? throw new GitOperationException("RestCommitNotFound", FailureKind.ObjectNotFound, $"{api.Location} does not know commit {badSha}.", badSha);
        if (bad.Parents.Count == 0)
        {
            throw new GitOperationException("RestRevertRefused", FailureKind.InvalidOperation,
                $"{Short(bad.Sha)} is the repository's first commit; there is nothing to restore. Nothing was written.", bad.Sha);
        }

        var parent = bad.Parents[0];
        var actions = new List<RestFileAction>();
        var changedSince = new List<string>();
        var paused = new List<string>();
        var images = new List<string>();
        foreach (var path in api.ChangedPaths(bad, cancellationToken))
        {
            // Entries, not bare bytes: where the service tells the mode (GitHub), an executable bit or a symlink is
            // part of what the bad commit changed and of what the revert restores.
            var atBad = api.ReadEntry(bad.Sha, path, cancellationToken);
            var atTip = tipSha == bad.Sha ? atBad : api.ReadEntry(tipSha, path, cancellationToken);
            if (!Same(atBad, atTip))
            {
                changedSince.Add(path);
                continue;
            }

            var goodEntry = api.ReadEntry(parent, path, cancellationToken);
            if (Same(goodEntry, atTip))
            {
                continue; // e.g. a mode-only change where the service does not tell modes: nothing to write
            }

            var good = goodEntry?.Content;
            if (atBad is not null && atBad.Mode != "120000" && Text(atBad.Content) is { } addedText && (good is null || Text(good) is not null))
            {
                // Every image the revert takes back, files it deletes included, as the git revert records them.
                images.AddRange(IntroducedImages.Of(path, good is null ? null : Text(good), addedText));
            }

            if (good is not null && atBad is not null && goodEntry!.Mode != "120000" && Text(good) is { } goodText && Text(atBad.Content) is { } badText)
            {
                var markers = ImagePolicyMarkers.ChangedMarkers(path, goodText, badText);
                var policies = markers.Select(m => m.Policy).ToHashSet(StringComparer.Ordinal);
                if (!keepImageAutomation && policies.Count > 0 && ImagePolicyMarkers.Pause(goodText, badText, policies, bad.Sha[..7]) is { Paused: > 0 } pausedText)
                {
                    good = Encoding.UTF8.GetBytes(pausedText.Text);
                    paused.AddRange(policies.Select(p => $"{path}: {p}"));
                }
            }

            actions.Add(new RestFileAction(good is null ? RestFileActionKind.Delete : atTip is null ? RestFileActionKind.Create : RestFileActionKind.Update, path, good, goodEntry?.Mode));
        }

        if (changedSince.Count > 0)
        {
            throw new GitOperationException("RestRevertRefused", FailureKind.Conflict,
                $"Cannot revert {Short(bad.Sha)} through {api.Location}: {string.Join(", ", changedSince)} changed since that commit, and without git there is " +
                $"no three-way merge. Nothing was written; revert it with git ('git revert {(bad.Parents.Count > 1 ? "-m 1 " : string.Empty)}{bad.Sha}').", bad.Sha)
            { ConflictingFiles = [.. changedSince] };
        }

        var distinctImages = images.Distinct(StringComparer.Ordinal).ToList();
        var message = RevertBuilder.Message([new RevertedCommit(bad.Sha, SummaryOf(bad.Message), bad.Parents)], reason, paused, distinctImages, origin);
        return new InverseCommitPlan(bad, actions, message, paused, distinctImages);
    }

    /// <summary>git's summary: the first paragraph, whitespace squashed to single spaces.</summary>
    public static string SummaryOf(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var paragraph = message.Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split("\n\n", 2)[0];
        return Whitespace().Replace(paragraph, " ").Trim();
    }

    private static bool Same(RestEntry? a, RestEntry? b) =>
        a is null ? b is null : b is not null && a.Mode == b.Mode && a.Content.AsSpan().SequenceEqual(b.Content);

    private static string? Text(byte[] bytes) => bytes.Length < 5_000_000 && Array.IndexOf(bytes, (byte)0) < 0 ? Encoding.UTF8.GetString(bytes) : null;

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
