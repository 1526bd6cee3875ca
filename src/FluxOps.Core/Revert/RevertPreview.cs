namespace FluxOps.Core.Revert;

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
