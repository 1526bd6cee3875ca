using FluxOps.Core.Git;
namespace FluxOps.Core.Revert;

/// <summary>Everything <see cref="FluxReverter"/> needs to revert commits and push the result.</summary>
internal sealed class RevertRequest
{
    /// <summary>A working clone (or bare repository, e.g. the -RepositoryUrl cache).</summary>
    public required string RepositoryPath { get; init; }

    /// <summary>Commits to revert: shas, refs or Flux revision strings. Reverted newest first.</summary>
    public required IReadOnlyList<string> Commits { get; init; }

    public string Remote { get; init; } = "origin";

    /// <summary>The branch Flux watches; default the checked-out branch.</summary>
    public string? Branch { get; init; }

    /// <summary>
    /// When set, push the revert to this new branch instead (pull-request flow); the revert still builds on
    /// <see cref="Branch"/>. "{shortsha}" is replaced by the newest reverted commit's short sha.
    /// </summary>
    public string? PushBranch { get; init; }

    /// <summary>
    /// Asked once, after the fetch and before anything is committed or pushed, with exactly what would happen
    /// (-WhatIf/-Confirm). Returning false stops the run with no results and nothing changed.
    /// </summary>
    public Func<RevertPreview, bool>? Approve { get; init; }

    public GitCredential? Credential { get; init; }

    public RevertSettings Settings { get; init; } = new();

    /// <summary>Commit locally only.</summary>
    public bool NoPush { get; init; }

    public int MaxAttempts { get; init; } = 5;

    /// <summary>
    /// The caller fetched <see cref="Branch"/> into its tracking ref a moment ago and decided on that tip (automated
    /// rollback): the first attempt builds on it without fetching again. A rejected push still re-fetches.
    /// </summary>
    public bool BaseJustFetched { get; init; }

    /// <summary>First retry delay; doubles each attempt, with jitter.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public string? AuthorName { get; init; }

    public string? AuthorEmail { get; init; }

    /// <summary>Environment for GIT_AUTHOR_* / GIT_COMMITTER_* (defaults to the process environment).</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    /// <summary>Overrides transport selection (tests, or forcing the system git).</summary>
    public IGitTransport? Transport { get; init; }

    /// <summary>Called between fetch and push on each attempt (tests use it to land a competing push).</summary>
    public Action<int>? BeforePush { get; init; }
}
