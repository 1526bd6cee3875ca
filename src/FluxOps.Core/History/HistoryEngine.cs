namespace FluxOps.Core.History;

/// <summary>Which walk answers a history query. Both give git log's commits in git log's order.</summary>
internal enum HistoryEngine
{
    /// <summary>The system git for long walks it can answer alone when git is on PATH, the native walk otherwise.</summary>
    Auto,

    /// <summary>The lazy walk through libgit2 (or LibGit2Sharp when libgit2's entry points do not bind).</summary>
    Native,

    /// <summary>git rev-list.</summary>
    SystemGit,
}
