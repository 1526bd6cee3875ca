using FluxOps.Core.Manifests;
using LibGit2Sharp;

namespace FluxOps.Core.Flux;

/// <summary>
/// Finds Flux objects in a commit's tree by kind/namespace/name: a Kustomization's <c>spec.path</c> (what it applies)
/// and the file that declares a HelmRelease. Only YAML files are read; unparsable documents are skipped, not fatal.
/// The tree comes from libgit2 or from a hosting service's API (<see cref="IManifestTree"/>).
/// </summary>
internal static class FluxManifestIndex
{
    private const int MaxFileBytes = 1024 * 1024;

    public static string? KustomizationPath(Tree tree, string @namespace, string name) => KustomizationPath(new GitManifestTree(tree), @namespace, name);

    public static IReadOnlyList<string> HelmReleaseFiles(Tree tree, string @namespace, string name) => HelmReleaseFiles(new GitManifestTree(tree), @namespace, name);

    internal static IEnumerable<(string File, YamlMappingNode Document)> Documents(Tree tree, string marker) => Documents(new GitManifestTree(tree), marker);

    /// <summary>The spec.path of Kustomization namespace/name, normalized (no ./, no trailing /); null when not found.</summary>
    public static string? KustomizationPath(IManifestTree tree, string @namespace, string name)
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
    public static IReadOnlyList<string> HelmReleaseFiles(IManifestTree tree, string @namespace, string name)
    {
        foreach (var (file, document) in Documents(tree, "kind:"))
        {
            if (!Is(document, "HelmRelease", "helm.toolkit.fluxcd.io/", @namespace, name))
            {
                continue;
            }

            // Values usually live next to the release (values.yaml, *-values.yaml fed to a configMapGenerator).
            var directory = file.Contains('/', StringComparison.Ordinal) ? file[..file.LastIndexOf('/')] : string.Empty;
            var siblings = tree.FilesIn(directory).Where(f => f[(f.LastIndexOf('/') + 1)..].Contains("values", StringComparison.OrdinalIgnoreCase));
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
    internal static IEnumerable<(string File, YamlMappingNode Document)> Documents(IManifestTree tree, string marker)
    {
        foreach (var file in tree.YamlFiles())
        {
            if (file.Size > MaxFileBytes)
            {
                continue;
            }

            List<YamlDocumentTree> documents;
            try
            {
                var bytes = file.Read();
                if (bytes.Length > MaxFileBytes || Array.IndexOf(bytes, (byte)0) >= 0)
                {
                    continue;
                }

                var text = SafeYamlReader.Decode(bytes);
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
                    yield return (file.Path, mapping);
                }
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
