using LibGit2Sharp;

namespace FluxOps.Core.Git.Changes;

/// <summary>A file to read at Head, with its Base version when it was modified or renamed.</summary>
internal sealed record ChangedFile(string Path, string? OldPath, bool HasBase, Func<long> NewSize, Func<byte[]> ReadNew, Func<byte[]?> ReadOld);

/// <summary>Lists changed files (renames followed, deletions dropped) and the whole tree for -All.</summary>
internal static class ChangedFileLister
{
    public static IEnumerable<ChangedFile> Changes(Repository repository, Commit baseCommit, Commit head, bool workingTree)
    {
        var options = new CompareOptions { Similarity = SimilarityOptions.Renames };
        using var changes = workingTree
            ? repository.Diff.Compare<TreeChanges>(baseCommit.Tree, DiffTargets.Index | DiffTargets.WorkingDirectory, null, null, options)
            : repository.Diff.Compare<TreeChanges>(baseCommit.Tree, head.Tree, null, null, options);
        var files = new List<ChangedFile>();
        foreach (var change in changes)
        {
            if (change.Status is not (ChangeKind.Added or ChangeKind.Modified or ChangeKind.Renamed or ChangeKind.Copied or ChangeKind.TypeChanged)
                || change.Mode == Mode.GitLink)
            {
                continue;
            }

            var hasBase = change.Status is ChangeKind.Modified or ChangeKind.Renamed or ChangeKind.TypeChanged;
            var oldId = change.OldOid;
            files.Add(new ChangedFile(
                change.Path,
                hasBase ? change.OldPath : null,
                hasBase,
                workingTree ? WorkingFileSize(repository, change.Path) : BlobSize(repository, change.Oid),
                workingTree ? ReadWorkingFile(repository, change.Path) : ReadBlob(repository, change.Oid),
                hasBase ? () => ReadBlob(repository, oldId)() : () => null));
        }

        return files;
    }

    /// <summary>Every blob in the tree at Head (or every indexed file read from disk with -IncludeWorkingTree).</summary>
    public static IEnumerable<ChangedFile> All(Repository repository, Commit head, bool workingTree, Func<string, bool> wanted)
    {
        if (workingTree)
        {
            foreach (var entry in repository.Index)
            {
                if (wanted(entry.Path) && File.Exists(System.IO.Path.Combine(repository.Info.WorkingDirectory, entry.Path)))
                {
                    yield return new ChangedFile(entry.Path, null, false, WorkingFileSize(repository, entry.Path), ReadWorkingFile(repository, entry.Path), () => null);
                }
            }

            yield break;
        }

        var folders = new Stack<Tree>();
        folders.Push(head.Tree);
        while (folders.Count > 0)
        {
            foreach (var entry in folders.Pop())
            {
                if (entry.TargetType == TreeEntryTargetType.Tree)
                {
                    folders.Push((Tree)entry.Target);
                }
                else if (entry.TargetType == TreeEntryTargetType.Blob && wanted(entry.Path))
                {
                    var blob = (Blob)entry.Target;
                    yield return new ChangedFile(entry.Path.Replace('\\', '/'), null, false, () => blob.Size, () => Read(blob), () => null);
                }
            }
        }
    }

    private static Func<long> BlobSize(Repository repository, ObjectId id) => () => repository.Lookup<Blob>(id)?.Size ?? 0;

    private static Func<byte[]> ReadBlob(Repository repository, ObjectId id) =>
        () => repository.Lookup<Blob>(id) is { } blob ? Read(blob) : [];

    private static byte[] Read(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var memory = new MemoryStream((int)Math.Min(blob.Size, int.MaxValue));
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static Func<long> WorkingFileSize(Repository repository, string path) =>
        () => new FileInfo(System.IO.Path.Combine(repository.Info.WorkingDirectory, path)).Length;

    private static Func<byte[]> ReadWorkingFile(Repository repository, string path) =>
        () => File.ReadAllBytes(System.IO.Path.Combine(repository.Info.WorkingDirectory, path));
}
