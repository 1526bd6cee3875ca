using LibGit2Sharp;
using YamlDotNet.RepresentationModel;

namespace FluxOps.Core.Flux;

/// <summary>
/// Finds Flux objects in a commit's tree by kind/namespace/name: a Kustomization's <c>spec.path</c> (what it applies)
/// and the file that declares a HelmRelease. Only YAML files are read; unparsable documents are skipped, not fatal.
/// </summary>
internal static class FluxManifestIndex
{
    private const int MaxFileBytes = 1024 * 1024;

    /// <summary>The spec.path of Kustomization namespace/name, normalized (no ./, no trailing /); null when not found.</summary>
    public static string? KustomizationPath(Tree tree, string @namespace, string name)
    {
        foreach (var (_, document) in Documents(tree))
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
        foreach (var (file, document) in Documents(tree))
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

    private static IEnumerable<(string File, YamlMappingNode Document)> Documents(Tree tree)
    {
        foreach (var (file, blob) in YamlBlobs(tree, string.Empty))
        {
            if (blob.IsBinary || blob.Size > MaxFileBytes)
            {
                continue;
            }

            var text = blob.GetContentText();
            if (!text.Contains("kind:", StringComparison.Ordinal))
            {
                continue;
            }

            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(text));
            }
            catch (YamlDotNet.Core.YamlException)
            {
                continue;
            }

            foreach (var document in stream.Documents)
            {
                if (document.RootNode is YamlMappingNode mapping)
                {
                    yield return (file, mapping);
                }
            }
        }
    }

    private static IEnumerable<(string File, Blob Blob)> YamlBlobs(Tree tree, string prefix)
    {
        foreach (var entry in tree)
        {
            var path = prefix.Length == 0 ? entry.Name : prefix + "/" + entry.Name;
            if (entry.TargetType == TreeEntryTargetType.Tree && !entry.Name.StartsWith('.'))
            {
                foreach (var nested in YamlBlobs((Tree)entry.Target, path))
                {
                    yield return nested;
                }
            }
            else if (entry.TargetType == TreeEntryTargetType.Blob &&
                (entry.Name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || entry.Name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)))
            {
                yield return (path, (Blob)entry.Target);
            }
        }
    }

    private static string? Scalar(YamlMappingNode node, params string[] path)
    {
        YamlNode current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }

            current = next;
        }

        return (current as YamlScalarNode)?.Value;
    }
}
