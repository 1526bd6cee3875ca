using System.Text;
using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using LibGit2Sharp;

namespace FluxOps.Core.Revert;

/// <summary>What a revert should say and do, besides the commits to revert.</summary>
internal sealed class RevertSettings
{
    public string? Reason { get; init; }

    /// <summary>Leave $imagepolicy setter markers alone (image automation may re-apply the reverted tag).</summary>
    public bool KeepImageAutomation { get; init; }

    /// <summary>One revert commit for all shas instead of one each.</summary>
    public bool Squash { get; init; }

    /// <summary>Allow reverting a commit that is itself a FluxOps revert.</summary>
    public bool Force { get; init; }

    /// <summary>Who decided (trailers); default: the person the revert is authored by.</summary>
    public RevertOrigin? Origin { get; init; }
}

/// <summary>What a revert message names about a reverted commit: its sha, summary line and parents.</summary>
internal sealed record RevertedCommit(string Sha, string Summary, IReadOnlyList<string> Parents);

/// <summary>One revert commit created in the object database (not yet on any branch).</summary>
internal sealed record BuiltRevert(Commit RevertCommit, IReadOnlyList<Commit> Reverted, IReadOnlyList<string> PausedMarkers, IReadOnlyList<string> BadImages);

/// <summary>
/// Builds revert commits entirely in memory on top of a given commit (three-way merge in the object database):
/// the working tree and index are never touched, so a conflict leaves everything exactly as it was.
/// </summary>
internal static class RevertBuilder
{
    /// <summary>
    /// Reverts <paramref name="commits"/> (newest first) on top of <paramref name="onto"/>. Returns the new commits, the
    /// last one being the new tip; empty when every revert turned out to change nothing.
    /// </summary>
    public static IReadOnlyList<BuiltRevert> Build(Repository repository, Commit onto, IReadOnlyList<Commit> commits, RevertSettings settings, GitIdentity identity, DateTimeOffset when)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(commits);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(identity);
        var results = new List<BuiltRevert>();
        var tip = onto;
        var squashed = new List<(Commit Bad, List<string> Paused, List<string> Images)>();
        var origin = settings.Origin ?? RevertOrigin.Person(identity.AuthorName, identity.AuthorEmail);
        foreach (var bad in commits)
        {
            var (tree, paused, images) = RevertTree(repository, bad, tip, settings);
            if (tree.Id == tip.Tree.Id)
            {
                continue; // the change is no longer on the branch: nothing to revert
            }

            var message = Message([bad], settings.Reason, paused, images, origin);
            var commit = repository.ObjectDatabase.CreateCommit(identity.Author(when), identity.Committer(when), message, tree, [tip], prettifyMessage: false);
            tip = commit;
            if (settings.Squash)
            {
                squashed.Add((bad, paused, images));
            }
            else
            {
                results.Add(new BuiltRevert(commit, [bad], paused, images));
            }
        }

        if (settings.Squash && squashed.Count > 0)
        {
            var paused = squashed.SelectMany(s => s.Paused).ToList();
            var images = squashed.SelectMany(s => s.Images).Distinct(StringComparer.Ordinal).ToList();
            var message = Message(squashed.Select(s => s.Bad).ToList(), settings.Reason, paused, images, origin);
            var commit = repository.ObjectDatabase.CreateCommit(identity.Author(when), identity.Committer(when), message, tip.Tree, [onto], prettifyMessage: false);
            results.Add(new BuiltRevert(commit, squashed.Select(s => s.Bad).ToList(), paused, images));
        }

        return results;
    }

    private static (Tree Tree, List<string> Paused, List<string> Images) RevertTree(Repository repository, Commit bad, Commit onto, RevertSettings settings)
    {
        var mainline = bad.Parents.Count() > 1 ? 1 : 0; // merges revert against their first parent, like git revert -m 1
        var result = repository.ObjectDatabase.RevertCommit(bad, onto, mainline, new MergeTreeOptions { FailOnConflict = false, SkipReuc = true });
        if (result.Status == MergeTreeStatus.Conflicts)
        {
            var files = result.Conflicts.Select(c => c.Ours?.Path ?? c.Theirs?.Path ?? c.Ancestor?.Path ?? "?").Distinct(StringComparer.Ordinal).ToArray();
            throw new GitOperationException("RevertConflict", FailureKind.Conflict,
                $"Reverting {bad.Sha[..7]} conflicts with later changes in: {string.Join(", ", files)}. Nothing was committed or pushed; " +
                $"resolve it by hand with 'git revert {(mainline == 1 ? "-m 1 " : string.Empty)}{bad.Sha}'.", bad.Sha)
            { ConflictingFiles = files };
        }

        var tree = result.Tree;
        var paused = new List<string>();
        var images = new List<string>();
        var parent = bad.Parents.FirstOrDefault();
        var changes = repository.Diff.Compare<TreeChanges>(parent?.Tree, bad.Tree);
        TreeDefinition? edited = null;
        foreach (var change in changes.Where(c => c.Status is ChangeKind.Modified or ChangeKind.Added))
        {
            var goodText = change.Status == ChangeKind.Added ? null : BlobText(parent?.Tree[change.OldPath]);
            var badText = BlobText(bad.Tree[change.Path]);
            if (badText is null || (goodText is null && change.Status == ChangeKind.Modified))
            {
                continue;
            }

            // Every image the revert takes back is recorded, not only marker fields: a person re-applying it is caught too.
            images.AddRange(IntroducedImages.Of(change.Path, goodText, badText));
            IReadOnlyList<ChangedMarker> markers = goodText is null ? [] : ImagePolicyMarkers.ChangedMarkers(change.Path, goodText, badText);
            if (settings.KeepImageAutomation || markers.Count == 0)
            {
                continue;
            }

            var entry = tree[change.Path];
            var revertedText = BlobText(entry);
            if (revertedText is null)
            {
                continue;
            }

            var policies = markers.Select(m => m.Policy).ToHashSet(StringComparer.Ordinal);
            var (text, count) = ImagePolicyMarkers.Pause(revertedText, badText, policies, bad.Sha[..7]);
            if (count == 0)
            {
                continue;
            }

            edited ??= TreeDefinition.From(tree);
            var blob = repository.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(text)), change.Path);
            edited.Add(change.Path, blob, entry!.Mode);
            paused.AddRange(policies.Select(p => $"{change.Path}: {p}"));
        }

        if (edited is not null)
        {
            tree = repository.ObjectDatabase.CreateTree(edited);
        }

        return (tree, paused, images.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>git's revert message, plus why, what was paused, and the FluxOps trailers.</summary>
    internal static string Message(IReadOnlyList<Commit> reverted, string? reason, IReadOnlyList<string> paused, IReadOnlyList<string> images, RevertOrigin? origin) =>
        Message(reverted.Select(c => new RevertedCommit(c.Sha, c.MessageShort, c.Parents.Select(p => p.Sha).ToList())).ToList(), reason, paused, images, origin);

    /// <summary>The same message from plain commit facts (the REST revert has no LibGit2Sharp commit).</summary>
    public static string Message(IReadOnlyList<RevertedCommit> reverted, string? reason, IReadOnlyList<string> paused, IReadOnlyList<string> images, RevertOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(reverted);
        ArgumentNullException.ThrowIfNull(paused);
        ArgumentNullException.ThrowIfNull(images);
        var builder = new StringBuilder();
        if (reverted.Count == 1)
        {
            var bad = reverted[0];
            builder.Append("Revert \"").Append(bad.Summary).Append("\"\n\n");
            builder.Append("This reverts commit ").Append(bad.Sha);
            builder.Append(bad.Parents.Count > 1 ? $", reversing\nchanges made to {bad.Parents[0]}.\n" : ".\n");
        }
        else
        {
            builder.Append("Revert ").Append(reverted.Count).Append(" commits\n\n");
            foreach (var bad in reverted)
            {
                builder.Append("This reverts commit ").Append(bad.Sha).Append(" (\"").Append(bad.Summary).Append("\").\n");
            }
        }

        if (!string.IsNullOrWhiteSpace(reason))
        {
            builder.Append('\n').Append("Reason: ").Append(reason.Trim()).Append('\n');
        }

        if (paused.Count > 0)
        {
            builder.Append("\nImage automation paused for the reverted fields (so it does not re-apply the bad tag):\n");
            foreach (var marker in paused)
            {
                builder.Append("  ").Append(marker).Append('\n');
            }

            builder.Append($"To resume, rename \"{ImagePolicyMarkers.PausedKey}\" back to \"$imagepolicy\" in those lines.\n");
        }

        builder.Append('\n').Append(FluxOpsTrailers.Format(reverted.Select(c => c.Sha), reason, images, origin));
        return builder.ToString();
    }

    private static string? BlobText(TreeEntry? entry) =>
        entry?.Target is Blob { IsBinary: false } blob && blob.Size < 5_000_000 ? blob.GetContentText() : null;
}
