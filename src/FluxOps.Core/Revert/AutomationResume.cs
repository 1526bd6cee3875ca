using System.Text;
using FluxOps.Core.Flux;
using FluxOps.Core.Git;
using FluxOps.Core.Hosting;
using FluxOps.Core.Manifests;
using FluxOps.Models;
using LibGit2Sharp;

namespace FluxOps.Core.Revert;

/// <summary>What Resume-FluxImageAutomation was asked: which paused markers to restore, where, and how to publish.</summary>
internal sealed record ResumeOrder(string RepositoryPath)
{
    public string Remote { get; init; } = "origin";

    public string? Branch { get; init; }

    public GitCredential? Credential { get; init; }

    /// <summary>Push to fluxops/resume-&lt;shortsha&gt; and open a pull request instead of pushing to the branch.</summary>
    public bool PullRequest { get; init; }

    public HostingTarget Hosting { get; init; } = new();

    /// <summary>Only markers of these policies ("ns:name", '*' wildcards); empty means all.</summary>
    public IReadOnlyList<string> Policies { get; init; } = [];

    /// <summary>Only markers paused when these commits were reverted (Get-FluxRevertHistory's RevertedShas); empty means all.</summary>
    public IReadOnlyList<string> RevertedShas { get; init; } = [];

    public int MaxAttempts { get; init; } = 5;

    public string? AuthorName { get; init; }

    public string? AuthorEmail { get; init; }

    /// <summary>Flux's webhook Receiver to ask for a reconcile after the push; null: say which flux commands do it.</summary>
    public ReconcileHook? Reconcile { get; init; }

    /// <summary>Called between fetch and push on each attempt (tests use it to land a competing push).</summary>
    internal Action<int>? BeforePush { get; init; }

    internal TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>What a resume did: the markers restored, the paused markers left as they are, and an existing proposal.</summary>
internal sealed record ResumeOutcome(IReadOnlyList<ResumedMarker> Resumed, IReadOnlyList<string> LeftPaused, string? AlreadyProposedOn)
{
    /// <summary>After a push to the watched branch: how Flux picks it up now.</summary>
    public ReconcileNote? Reconcile { get; init; }

    /// <summary>-WhatIf, or -Confirm answered no: nothing was committed.</summary>
    public bool Declined { get; init; }
}

/// <summary>
/// Resume-FluxImageAutomation's use case: once the fix has shipped, restore the <c>$imagepolicy</c> setter markers a revert
/// paused, in one commit built on the fetched remote tip and pushed fast-forward only with the revert's own machinery
/// (<see cref="FastForwardPush"/>: re-fetch and rebuild when the branch moved, never force), or proposed as a pull request.
/// </summary>
internal static class AutomationResume
{
    private const int MaxFolderDepth = 32;
    private const long MaxFileBytes = 5_000_000;

    public static ResumeOutcome Run(ResumeOrder order, Func<string, string, bool> approve, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(approve);
        using var repository = RepositoryOpener.Open(order.RepositoryPath);
        var declined = false;
        var request = new RevertRequest
        {
            RepositoryPath = order.RepositoryPath,
            Commits = [],
            Remote = order.Remote,
            Branch = order.Branch,
            Credential = order.Credential,
            PushBranch = order.PullRequest ? "fluxops/resume-{shortsha}" : null,
            MaxAttempts = order.MaxAttempts,
            BeforePush = order.BeforePush,
            Backoff = order.Backoff,
            AuthorName = order.AuthorName,
            AuthorEmail = order.AuthorEmail,
            Approve = preview => !(declined = !approve(preview.Describe(), $"Resume image automation for the markers listed and push to {preview.Remote}/{preview.PushBranch}?")),
        };
        var context = RevertContext.Create(repository, request);
        var leftPaused = new List<string>();
        string? proposed = null;
        var resumed = FastForwardPush.Run(repository, context, request, (baseTip, _) =>
        {
            leftPaused.Clear();
            var plan = Plan(repository, context, order, baseTip, leftPaused);
            if (plan is not null && order.PullRequest && context.ProposeOn($"fluxops/resume-{baseTip.Sha[..7]}", somethingToPush: true))
            {
                proposed = context.PushTarget;
                plan = null;
            }
            else if (!order.PullRequest)
            {
                context.TargetWatchedBranch();
            }

            return plan ?? new PlannedPush<ResumedMarker>(null, () => new RevertPreview(), (_, _, _) => []);
        }, log, cancellationToken);
        if (order.PullRequest && resumed.Any(r => r.Pushed))
        {
            var url = PullRequestPublisher.Open(order.Hosting with { RemoteUrl = GitTransports.RemoteUrl(repository, order.Remote) },
                new PullRequestRequest(resumed[0].Branch!, context.Branch, $"Resume image automation for {resumed.Count} marker(s) (FluxOps)", Body(resumed)), log, cancellationToken);
            foreach (var marker in resumed)
            {
                marker.PullRequestUrl = url;
            }
        }

        ReconcileNote? note = null;
        if (!order.PullRequest && resumed.FirstOrDefault(r => r.Pushed) is { ResumeSha: { } sha } && repository.Lookup<Commit>(sha) is { } tip)
        {
            note = FluxReconcile.After(order.Reconcile, sha, FluxReconcile.KustomizationsFor(tip.Tree, resumed.Select(r => r.File).ToHashSet(StringComparer.Ordinal)), cancellationToken);
        }

        return new ResumeOutcome(resumed, leftPaused, proposed) { Reconcile = note, Declined = declined };
    }

    private static PlannedPush<ResumedMarker>? Plan(Repository repository, RevertContext context, ResumeOrder order, Commit baseTip, List<string> leftPaused)
    {
        var found = new List<(string File, PausedMarker Marker)>();
        TreeDefinition? edited = null;
        foreach (var (path, entry, text) in PausedFiles(baseTip.Tree))
        {
            var (newText, paused, resumed) = ImagePolicyMarkers.Resume(text, marker => Selected(marker, order));
            leftPaused.AddRange(paused.Except(resumed).Select(m => $"{path}:{m.Line} {m.Policy}"));
            if (resumed.Count == 0)
            {
                continue;
            }

            found.AddRange(resumed.Select(m => (path, m)));
            edited ??= TreeDefinition.From(baseTip.Tree);
            edited.Add(path, repository.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(newText)), path), entry.Mode);
        }

        if (edited is null)
        {
            return null;
        }

        var message = Message(found);
        var now = DateTimeOffset.Now;
        var commit = repository.ObjectDatabase.CreateCommit(context.Identity.Author(now), context.Identity.Committer(now), message,
            repository.ObjectDatabase.CreateTree(edited), [baseTip], prettifyMessage: false);
        var files = found.Select(f => f.File).Distinct(StringComparer.Ordinal).ToArray();
        return new PlannedPush<ResumedMarker>(commit,
            () => new RevertPreview { Branch = context.Branch, Remote = context.Remote, PushBranch = context.PushTarget, BaseSha = baseTip.Sha, Commits = [new RevertPreviewCommit([], message, files)] },
            (target, pushed, _) => found.Select(f => new ResumedMarker
            {
                File = f.File,
                Line = f.Marker.Line,
                Policy = f.Marker.Policy,
                Value = f.Marker.Value,
                PausedAfter = f.Marker.PausedAfter,
                ResumeSha = commit.Sha,
                Pushed = pushed,
                Remote = pushed ? context.Remote : null,
                Branch = target ?? context.PushTarget,
            }).ToList());
    }

    private static bool Selected(PausedMarker marker, ResumeOrder order)
    {
        var policyName = string.Join(':', marker.Policy.Split(':').Take(2));
        var policyMatches = order.Policies.Count == 0
            || order.Policies.Any(p => Wildcard.IsMatch(p, marker.Policy) || Wildcard.IsMatch(p, policyName));
        var revertMatches = order.RevertedShas.Count == 0
            || (marker.PausedAfter is { } shortSha && order.RevertedShas.Any(s => s.StartsWith(shortSha, StringComparison.OrdinalIgnoreCase)));
        return policyMatches && revertMatches;
    }

    private static string Message(IReadOnlyList<(string File, PausedMarker Marker)> resumed)
    {
        var text = new StringBuilder();
        text.Append("Resume image automation for ").Append(resumed.Count).Append(resumed.Count == 1 ? " marker" : " markers").Append(" FluxOps paused\n\n");
        text.Append("FluxOps paused these $imagepolicy setter markers when it reverted a bad image update. The fix has shipped,\n");
        text.Append("so image automation may update these fields again:\n");
        foreach (var (file, marker) in resumed)
        {
            text.Append("  ").Append(file).Append(':').Append(marker.Line).Append(' ').Append(marker.Policy);
            text.Append(" (").Append(marker.Value).Append(marker.PausedAfter is { } sha ? $"; paused after reverting {sha}" : string.Empty).Append(")\n");
        }

        return text.ToString();
    }

    private static string Body(IReadOnlyList<ResumedMarker> resumed) =>
        "FluxOps restores the `$imagepolicy` setter markers it paused when it reverted a bad image update:\n\n" +
        string.Join('\n', resumed.Select(m => $"- `{m.File}:{m.Line}` {m.Policy} ({m.Value})")) +
        "\n\nMerge once the fixed image is published: image automation then updates these fields again.";

    /// <summary>YAML files of the tree that contain a paused marker (depth-capped; dot-folders skipped; big and binary files skipped).</summary>
    private static IEnumerable<(string Path, TreeEntry Entry, string Text)> PausedFiles(Tree root)
    {
        var open = new Stack<(Tree Tree, string Prefix, int Depth)>();
        open.Push((root, string.Empty, 0));
        while (open.Count > 0)
        {
            var (tree, prefix, depth) = open.Pop();
            foreach (var entry in tree)
            {
                var path = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
                if (entry.TargetType == TreeEntryTargetType.Tree && !entry.Name.StartsWith('.') && depth < MaxFolderDepth)
                {
                    open.Push(((Tree)entry.Target, path, depth + 1));
                }
                else if (entry.TargetType == TreeEntryTargetType.Blob && ManifestFileRules.IsManifestPath(path)
                    && entry.Target is Blob { IsBinary: false, Size: < MaxFileBytes } blob
                    && blob.GetContentText() is { } text && text.Contains(ImagePolicyMarkers.PausedKey, StringComparison.Ordinal))
                {
                    yield return (path, entry, text);
                }
            }
        }
    }
}
