using FluxOps.Core.Manifests;
using LibGit2Sharp;

namespace FluxOps.Core.Flux;

/// <summary>
/// Finds Flux objects in a commit's tree by kind/namespace/name: a Kustomization's <c>spec.path</c> (what it applies)
/// and the file that declares a HelmRelease. Only YAML files are read; unparsable documents are skipped, not fatal.
/// </summary>
internal static class FluxManifestIndex
{
    private const int MaxFileBytes = 1024 * 1024;

    /// <summary>Folder levels searched below the root: real GitOps layouts are a handful deep.</summary>
    private const int MaxFolderDepth = 32;

    /// <summary>The spec.path of Kustomization namespace/name, normalized (no ./, no trailing /); null when not found.</summary>
    public static string? KustomizationPath(Tree tree, string @namespace, string name)
    {
        foreach (var (_, document) in Documents(tree, "kind:"))
        {
            if (Is(document, "Kustomization", "kustomize.toolkit.fluxcd.io/", @namespace, name))
            {
                var path = Scalar(document, "spec", "path") ?? string.Empty;
                return Git.PathFilter.Normalize(path);
            }
        }

        return null;
    }

    /// <summary>The file declaring HelmRelease namespace/name, plus values files beside it; empty when not found.</summary>
    public static IReadOnlyList<string> HelmReleaseFiles(Tree tree, string @namespace, string name)
    {
        foreach (var (file, document) in Documents(tree, "kind:"))
        {
            if (!Is(document, "HelmRelease", "helm.toolkit.fluxcd.io/", @namespace, name))
            {
                continue;
            }

            // Values usually live next to the release (values.yaml, *-values.yaml fed to a configMapGenerator).
            var directory = file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : string.Empty;
            var siblings = (directory.Length == 0 ? tree : (tree[directory]?.Target as Tree))?
                .Where(e => e.TargetType == TreeEntryTargetType.Blob && e.Name.Contains("values", StringComparison.OrdinalIgnoreCase))
                .Select(e => directory.Length == 0 ? e.Name : directory + "/" + e.Name) ?? [];
            return [file, .. siblings.Where(s => s != file)];
        }

        return [];
    }

    private static bool Is(YamlMappingNode document, string kind, string apiGroupPrefix, string @namespace, string name) =>
        Scalar(document, "kind") == kind
        && (Scalar(document, "apiVersion")?.StartsWith(apiGroupPrefix, StringComparison.Ordinal) ?? false)
        && Scalar(document, "metadata", "name") == name
        && (Scalar(document, "metadata", "namespace") ?? "flux-system") == (string.IsNullOrEmpty(@namespace) ? "flux-system" : @namespace);

    /// <summary>
    /// The mapping documents of every YAML file in <paramref name="tree"/> whose text contains <paramref name="marker"/>,
    /// read through the YAML gateway. A file that is too big, not UTF-8, too deep, an alias bomb or simply broken is
    /// skipped: it is not ours to validate, and one hostile file must not stop the answer for the others.
    /// </summary>
    internal static IEnumerable<(string File, YamlMappingNode Document)> Documents(Tree tree, string marker)
    {
        foreach (var (file, blob) in YamlBlobs(tree))
        {
            if (blob.IsBinary || blob.Size > MaxFileBytes)
            {
                continue;
            }

            List<YamlDocumentTree> documents;
            try
            {
                var text = SafeYamlReader.Decode(Content(blob));
                if (!text.Contains(marker, StringComparison.Ordinal))
                {
                    continue;
                }

                documents = SafeYamlReader.Read(text);
            }
            catch (ManifestReadException)
            {
                continue;
            }

            foreach (var document in documents)
            {
                if (document.RootMapping is { } mapping)
                {
                    yield return (file, mapping);
                }
            }
        }
    }

    private static byte[] Content(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var buffer = new MemoryStream((int)blob.Size);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    // Depth-first in tree order like a recursive walk, but on an explicit stack and depth-capped: a repository's
    // folder nesting is input too. Dot-folders (.github, .git*) hold no manifests Flux applies.
    private static IEnumerable<(string File, Blob Blob)> YamlBlobs(Tree root)
    {
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
                if (entry.TargetType == TreeEntryTargetType.Tree && !entry.Name.StartsWith('.') && open.Count <= MaxFolderDepth)
                {
                    open.Push((((Tree)entry.Target).GetEnumerator(), path));
                }
                else if (entry.TargetType == TreeEntryTargetType.Blob &&
                    (entry.Name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
                {
                    yield return (path, (Blob)entry.Target);
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

    private static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlTreeNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || mapping[key] is not { } next)
            {
                return null;
            }

            current = next;
        }

        return (current as YamlScalarNode)?.Value;
    }
}
