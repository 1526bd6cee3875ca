namespace FluxOps.Core.Revert;

/// <summary>One path a commit changed against its first parent: the bytes before and after (null where the file does not exist).</summary>
internal sealed record PathChange(string Path, byte[]? Before, byte[]? After);

/// <summary>
/// "Does this commit really undo that one?" — the rule behind counting a plain <c>git revert</c> by a person, so a
/// message that merely says "This reverts commit &lt;sha&gt;." changes nothing. The revert must touch exactly the paths
/// the reverted commit touched, and per path either swap its before and after exactly, or (for text changed again
/// since, where git's three-way revert keeps the later lines) remove exactly the lines it added and add back exactly the
/// lines it removed. Files it created must be deleted again, files it deleted re-created.
/// </summary>
internal static class InverseChange
{
    public static bool Undoes(IReadOnlyList<PathChange> revert, IReadOnlyList<PathChange> reverted)
    {
        ArgumentNullException.ThrowIfNull(revert);
        ArgumentNullException.ThrowIfNull(reverted);
        if (reverted.Count == 0 || revert.Count != reverted.Count)
        {
            return false;
        }

        var byPath = revert.ToDictionary(c => c.Path, StringComparer.Ordinal);
        return reverted.All(original => byPath.TryGetValue(original.Path, out var undo) && UndoesPath(undo, original));
    }

    private static bool UndoesPath(PathChange undo, PathChange original)
    {
        // Existence must swap: what the original created is deleted, what it deleted comes back.
        if ((undo.Before is null) != (original.After is null) || (undo.After is null) != (original.Before is null))
        {
            return false;
        }

        if (Same(undo.Before, original.After) && Same(undo.After, original.Before))
        {
            return true;
        }

        if (!IsText(undo.Before) || !IsText(undo.After) || !IsText(original.Before) || !IsText(original.After))
        {
            return false;
        }

        var (added, removed) = NetLines(undo);
        var (originalAdded, originalRemoved) = NetLines(original);
        return SameCounts(added, originalRemoved) && SameCounts(removed, originalAdded);
    }

    /// <summary>Lines the change adds and removes, counted as multisets (moves cancel out; the order of lines is not a change).</summary>
    private static (Dictionary<string, int> Added, Dictionary<string, int> Removed) NetLines(PathChange change)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in Lines(change.After))
        {
            counts[line] = counts.GetValueOrDefault(line) + 1;
        }

        foreach (var line in Lines(change.Before))
        {
            counts[line] = counts.GetValueOrDefault(line) - 1;
        }

        return (counts.Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            counts.Where(p => p.Value < 0).ToDictionary(p => p.Key, p => -p.Value, StringComparer.Ordinal));
    }

    private static IEnumerable<string> Lines(byte[]? bytes) =>
        bytes is null ? [] : System.Text.Encoding.UTF8.GetString(bytes).Split('\n');

    private static bool SameCounts(Dictionary<string, int> a, Dictionary<string, int> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var count) && count == p.Value);

    private static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    private static bool IsText(byte[]? bytes) => bytes is null || Array.IndexOf(bytes, (byte)0) < 0;
}
