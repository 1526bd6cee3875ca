using FluxOps.Core.Git;
using FluxOps.Core.Manifests;
using LibGit2Sharp;

namespace FluxOps.Core.ChangedImages;

/// <summary>A file to read at Head, with its Base version when it was modified or renamed.</summary>
internal sealed record ChangedFile(string Path, string? OldPath, bool HasBase, Func<long> NewSize, Func<byte[]> ReadNew, Func<byte[]?> ReadOld);

/// <summary>Lists changed files (renames followed, deletions dropped) and the whole tree for -All.</summary>
internal static class ChangedFileLister
{
    public static IEnumerable<ChangedFile> Changes(Repository repository, Commit baseCommit, Commit head, bool workingTree)
    {
        if (!workingTree)
        {
            return TreeDiff.Compare(repository, baseCommit.Tree, head.Tree, ManifestFileRules.IsManifestPath, ManifestScanner.DefaultMaxFileBytes)
                .Select(c => new ChangedFile(
                    c.Path,
                    c.OldPath,
                    c.OldId is not null,
                    BlobSize(repository, c.Id),
                    ReadBlob(repository, c.Id),
                    c.OldId is { } oldId ? () => ReadBlob(repository, oldId)() : () => null))
                .ToList();
        }

        var options = new CompareOptions { Similarity = SimilarityOptions.Renames };
        // The working tree needs libgit2's index/stat logic; tree-to-tree diffs use TreeDiff above.
        using var changes = repository.Diff.Compare<TreeChanges>(baseCommit.Tree, DiffTargets.Index | DiffTargets.WorkingDirectory, null, null, options);
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
                WorkingFileSize(repository, change.Path),
                ReadWorkingFile(repository, change.Path),
                hasBase ? () => ReadBlob(repository, oldId)() : () => null));
        }

        return files;
    }

    /// <summary>
    /// Every blob in the tree at Head (or every indexed file read from disk with -IncludeWorkingTree). The files it lists
    /// may be read from any thread: blobs go through <paramref name="reader"/>, working files through the file system.
    /// </summary>
    public static IEnumerable<ChangedFile> All(Repository repository, Commit? head, bool workingTree, Func<string, bool> wanted, ParallelBlobReader reader)
    {
        if (workingTree)
        {
            return repository.Index
                .Where(entry => wanted(entry.Path) && File.Exists(System.IO.Path.Combine(repository.Info.WorkingDirectory, entry.Path)))
                .Select(entry => new ChangedFile(entry.Path, null, false, WorkingFileSize(repository, entry.Path), ReadWorkingFile(repository, entry.Path), () => null))
                .ToList();
        }

        var files = new List<ChangedFile>();
        if (head is null)
        {
            return files;
        }

        var folders = new Stack<(Tree Tree, string Prefix)>();
        folders.Push((head.Tree, string.Empty));
        while (folders.Count > 0)
        {
            var (tree, prefix) = folders.Pop();
            foreach (var entry in tree)
            {
                var path = prefix + entry.Name;
                if (entry.TargetType == TreeEntryTargetType.Tree)
                {
                    folders.Push(((Tree)entry.Target, path + "/"));
                }
                else if (entry.TargetType == TreeEntryTargetType.Blob && wanted(path))
                {
                    var id = entry.Target.Id;
                    files.Add(new ChangedFile(path, null, false, () => reader.Size(id), () => reader.Read(id), () => null));
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
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
