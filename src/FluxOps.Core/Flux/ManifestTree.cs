using LibGit2Sharp;

namespace FluxOps.Core.Flux;

/// <summary>One file of a repository tree as the manifest index reads it: path, size when known, and its bytes on demand.</summary>
internal sealed record ManifestFile(string Path, long? Size, Func<byte[]> Read);

/// <summary>
/// Where <see cref="FluxManifestIndex"/> reads a commit's files from: a libgit2 tree (<see cref="GitManifestTree"/>) or
/// a hosting service's API (the REST rollback). The index decides what to read; the source only lists and reads.
/// </summary>
internal interface IManifestTree
{
    /// <summary>Every file whose name ends in .yaml or .yml, depth-first in tree order, outside dot-folders, at most 32 folders deep.</summary>
    IEnumerable<ManifestFile> YamlFiles();

    /// <summary>The paths of the files directly in <paramref name="directory"/> ("" for the root).</summary>
    IEnumerable<string> FilesIn(string directory);
}

/// <summary>The shared file rules of every <see cref="IManifestTree"/>.</summary>
internal static class ManifestTreeRules
{
    /// <summary>Folder levels searched below the root: real GitOps layouts are a handful deep.</summary>
    public const int MaxFolderDepth = 32;

    public static bool IsYaml(string name) =>
        name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Dot-folders (.github, .git*) hold no manifests Flux applies; deeper than the cap is not searched.</summary>
    public static bool Searched(string path)
    {
        var parts = path.Split('/');
        return parts.Length - 1 <= MaxFolderDepth && parts[..^1].All(p => !p.StartsWith('.'));
    }
}

/// <summary>A commit's tree read through libgit2.</summary>
internal sealed class GitManifestTree(Tree root) : IManifestTree
{
    public IEnumerable<ManifestFile> YamlFiles()
    {
        // Depth-first in tree order like a recursive walk, but on an explicit stack and depth-capped: a repository's
        // folder nesting is input too.
        var open = new Stack<(IEnumerator<TreeEntry> Entries, string Prefix)>();
        open.Push((root.GetEnumerator(), string.Empty));
        try
        {
            while (open.Count > 0)
            {
                var (entries, prefix) = open.Peek();
                if (!entries.MoveNext())
                {
                    open.Pop().Entries.Dispose();
                    continue;
                }

                var entry = entries.Current;
                var path = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
                if (entry.TargetType == TreeEntryTargetType.Tree && !entry.Name.StartsWith('.') && open.Count <= ManifestTreeRules.MaxFolderDepth)
                {
                    open.Push((((Tree)entry.Target).GetEnumerator(), path));
                }
                else if (entry.TargetType == TreeEntryTargetType.Blob && ManifestTreeRules.IsYaml(entry.Name))
                {
                    var blob = (Blob)entry.Target;
                    yield return new ManifestFile(path, blob.IsBinary ? long.MaxValue : blob.Size, () => Content(blob));
                }
            }
        }
        finally
        {
            while (open.Count > 0)
            {
                open.Pop().Entries.Dispose();
            }
        }
    }

    public IEnumerable<string> FilesIn(string directory) =>
        ((directory.Length == 0 ? root : root[directory]?.Target as Tree) ?? Enumerable.Empty<TreeEntry>())
            .Where(e => e.TargetType == TreeEntryTargetType.Blob)
            .Select(e => directory.Length == 0 ? e.Name : directory + "/" + e.Name);

    private static byte[] Content(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var buffer = new MemoryStream((int)blob.Size);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
