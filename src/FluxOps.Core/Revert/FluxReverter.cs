using System.Collections;
using FluxOps.Core.Git;
using LibGit2Sharp;
using RevertResult = FluxOps.Models.RevertResult;

namespace FluxOps.Core.Revert;

/// <summary>
/// Reverts commits on the branch Flux watches and pushes the result, using the remote as the lock: the revert is built
/// on the freshly fetched remote tip and pushed as a fast-forward. When someone else moved the branch in between, the push
/// is rejected, and the revert is rebuilt on the new tip (or reported Skipped when the commit was reverted meanwhile).
/// Nothing is ever forced, reset away or amended; failures before the push leave the clone and the remote as they were.
/// </summary>
internal static class FluxReverter
{
    public static IReadOnlyList<RevertResult> Run(RevertRequest request, Action<string>? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        log ??= _ => { };
        using var repository = RepositoryOpener.Open(request.RepositoryPath);
        var context = RevertContext.Create(repository, request);
        var maxAttempts = Math.Max(1, request.MaxAttempts);
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var baseTip = context.FetchBase(cancellationToken);
            log($"Attempt {attempt}: building on {context.BaseDescription} at {baseTip.Sha[..7]}.");
            var step = context.Prepare(baseTip, attempt);
            if (step.Built.Count == 0)
            {
                return step.Results(null, pushed: false, attempt);
            }

            if (attempt == 1 && request.Approve is not null && !request.Approve(context.Describe(baseTip, step)))
            {
                return Array.Empty<RevertResult>();
            }

            var newTip = step.Built[^1].RevertCommit;
            if (request.NoPush)
            {
                context.UpdateLocalBranch(newTip, log);
                return step.Results(null, pushed: false, attempt);
            }

            request.BeforePush?.Invoke(attempt);
            var target = context.PushTarget;
            log($"Pushing {newTip.Sha[..7]} to {context.Remote}/{target} (fast-forward only).");
            var outcome = context.Transport!.Push(repository, context.Remote, newTip, target, cancellationToken);
            if (outcome.Accepted)
            {
                context.RecordPushed(newTip, target, log);
                return step.Results(target, pushed: true, attempt);
            }

            log($"Push rejected: {outcome.RejectionMessage}");
            var before = baseTip.Id;
            var after = context.FetchBase(cancellationToken).Id;
            if (after == before)
            {
                // The branch did not move, so this is not a race: a hook or branch protection refused the push.
                throw new GitOperationException("PushRejected", FailureKind.PushRejected,
                    $"{context.Remote} refused the push to '{target}' although the branch did not move: {outcome.RejectionMessage}. " +
                    "If the branch is protected, use -PullRequest.", target);
            }

            if (attempt < maxAttempts)
            {
                var delay = request.Backoff * Math.Pow(2, attempt - 1) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, request.Backoff.TotalMilliseconds)));
                log($"{context.Remote}/{context.Branch} moved to {after.Sha[..7]}; rebuilding the revert after {delay.TotalMilliseconds:0} ms.");
                cancellationToken.WaitHandle.WaitOne(delay);
            }
        }

        throw new GitOperationException("PushRetriesExhausted", FailureKind.PushRejected,
            $"The branch '{context.Branch}' kept moving: gave up after {maxAttempts} attempts. Nothing was pushed; run again or raise -MaxAttempts.", context.Branch);
    }

    /// <summary>
    /// What <see cref="Run"/> would commit and push, computed on the last fetched remote tip without fetching, committing or
    /// pushing (for -WhatIf). The revert objects are built in memory only; no ref, index or file changes.
    /// </summary>
    public static RevertPreview Preview(RevertRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var repository = RepositoryOpener.Open(request.RepositoryPath);
        var context = RevertContext.Create(repository, request, preview: true);
        var baseTip = context.LocalBase();
        var step = context.Prepare(baseTip, 1);
        return context.Describe(baseTip, step);
    }

    internal static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);
}

/// <summary>What -WhatIf shows: the exact revert commits that would be created and where they would go.</summary>
internal sealed class RevertPreview
{
    public string Branch { get; init; } = string.Empty;

    public string? Remote { get; init; }

    public string? PushBranch { get; init; }

    public string BaseSha { get; init; } = string.Empty;

    public IReadOnlyList<RevertPreviewCommit> Commits { get; init; } = Array.Empty<RevertPreviewCommit>();

    public IReadOnlyList<string> Skipped { get; init; } = Array.Empty<string>();

    public string Describe()
    {
        var lines = new List<string>
        {
            Remote is null
                ? $"Commit on local branch '{Branch}' (on top of {BaseSha[..7]}), no push:"
                : $"Commit on top of {Remote}/{Branch} at {BaseSha[..7]} and push (fast-forward only) to {Remote}/{PushBranch}:",
        };
        foreach (var commit in Commits)
        {
            lines.Add("---");
            lines.Add(commit.Message.TrimEnd());
            lines.Add("Files: " + string.Join(", ", commit.Files));
        }

        lines.AddRange(Skipped.Select(s => "Skipped " + s));
        return string.Join(System.Environment.NewLine, lines);
    }
}

internal sealed record RevertPreviewCommit(IReadOnlyList<string> RevertedShas, string Message, IReadOnlyList<string> Files);

internal static class RepositoryOpener
{
    public static Repository Open(string path)
    {
        var discovered = Repository.Discover(path);
        if (discovered is null)
        {
            throw new GitOperationException("NotAGitRepository", FailureKind.InvalidArgument,
                $"'{path}' is not inside a git repository. Pass -Path to a clone of the repository Flux watches.", path);
        }

        return new Repository(discovered);
    }
}
