using FluxOps.Core.Manifests;

namespace FluxOps.Core.ChangedImages;

/// <summary>A reference a kustomization makes to another path (a resource, legacy base or component) and its line.</summary>
internal sealed record KustomizeReference(string Entry, int Line);

/// <summary>What of a kustomization file decides the images it renders: what it includes, its patch files, and its images transformer.</summary>
internal sealed record KustomizationFile(
    string Path,
    string Directory,
    IReadOnlyList<KustomizeReference> Resources,
    IReadOnlyList<KustomizeReference> Components,
    IReadOnlyList<KustomizeImageEntry> Images,
    IReadOnlyList<ScanNotice> Notices)
{
    private IReadOnlyList<string>? _localTargets;

    /// <summary>The three file names Kustomize looks for, in its order.</summary>
    public static readonly string[] FileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    /// <summary>Patch files it names (<c>patches[].path</c>, <c>patchesJson6902[].path</c>, <c>patchesStrategicMerge</c> file entries).</summary>
    public IReadOnlyList<KustomizeReference> Patches { get; init; } = [];

    /// <summary>The repository paths its resources, bases and components name (remote ones and ones above the root left out).</summary>
    public IReadOnlyList<string> LocalTargets => _localTargets ??=
        Resources.Concat(Components).Where(r => !IsRemote(r.Entry)).Select(r => Resolve(Directory, r.Entry)).OfType<string>().ToList();

    public static KustomizationFile Parse(string path, byte[] content)
    {
        var directory = path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : string.Empty;
        var notices = new List<ScanNotice>();
        YamlMappingNode? root;
        try
        {
            var documents = SafeYamlReader.Read(SafeYamlReader.Decode(content));
            root = documents.Select(d => d.RootMapping).FirstOrDefault(m => m is not null);
        }
        catch (ManifestReadException ex)
        {
            notices.Add(new ScanNotice(ScanNoticeLevel.Error, path, 0, $"kustomization cannot be read, so what it deploys is unknown: {ex.Message}"));
            return new KustomizationFile(path, directory, [], [], [], notices);
        }

        // Kustomize reads 'bases' (deprecated) as more resources, after 'resources'.
        var resources = References(root?["resources"]).Concat(References(root?["bases"])).ToList();
        var images = KustomizeImages.Entries(root?["images"], path, "KustomizeImages",
            (line, reason) => notices.Add(new ScanNotice(ScanNoticeLevel.Skip, path, line, reason)));
        if (root?.Entries.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "configurations" }) is { Value: YamlSequenceNode { Items.Count: > 0 } } configurations)
        {
            notices.Add(new ScanNotice(ScanNoticeLevel.Warning, path, configurations.Key.Line,
                "'configurations' (custom transformer field specs) are not applied: an image at a custom field path is reported as written, not as its images entries would change it"));
        }

        var patches = PatchFiles(root?["patches"]).Concat(PatchFiles(root?["patchesJson6902"])).Concat(PatchFiles(root?["patchesStrategicMerge"])).ToList();
        return new KustomizationFile(path, directory, resources, References(root?["components"]), images, notices) { Patches = patches };
    }

    // A patch entry names a file with 'path:' (or, in patchesStrategicMerge, as a one-line string); inline patches are text.
    private static IEnumerable<KustomizeReference> PatchFiles(YamlTreeNode? node)
    {
        if (node is not YamlSequenceNode list)
        {
            yield break;
        }

        foreach (var item in list.Items)
        {
            switch (item)
            {
                case YamlMappingNode entry when entry.Scalar("path") is { Value.Length: > 0 } file:
                    yield return new KustomizeReference(file.Value.Trim(), file.Line);
                    break;
                case YamlScalarNode { Value.Length: > 0 } text when !text.Value.Contains('\n', StringComparison.Ordinal):
                    yield return new KustomizeReference(text.Value.Trim(), text.Line);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The folder of a repository path ("" at the root).</summary>
    public static string DirectoryOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.LastIndexOf('/');
        return slash < 0 ? string.Empty : path[..slash];
    }

    /// <summary>Remote resources (git URLs, HTTP) are outside the repository: Kustomize fetches them, FluxOps does not.</summary>
    public static bool IsRemote(string entry) =>
        entry.Contains("://", StringComparison.Ordinal) || entry.StartsWith("github.com/", StringComparison.Ordinal)
        || entry.StartsWith("git@", StringComparison.Ordinal) || entry.Contains("?ref=", StringComparison.Ordinal);

    /// <summary>Joins a reference onto its kustomization's folder; null when it climbs above the repository root.</summary>
    public static string? Resolve(string directory, string entry)
    {
        var parts = new List<string>();
        foreach (var part in (directory.Length == 0 ? entry : directory + "/" + entry).Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return string.Join('/', parts);
    }

    private static List<KustomizeReference> References(YamlTreeNode? node) =>
        node is YamlSequenceNode list
            ? list.Items.OfType<YamlScalarNode>().Where(s => s.Value.Length > 0).Select(s => new KustomizeReference(s.Value.Trim(), s.Line)).ToList()
            : [];
}

/// <summary>A Flux Kustomization in the repository: the folder it applies and its own images transformer.</summary>
internal sealed record FluxKustomizationRoot(string File, int Line, string Name, string Path, IReadOnlyList<KustomizeImageEntry> Images)
{
    public const string ApiGroupMarker = "kustomize.toolkit.fluxcd.io";

    /// <summary>The Flux Kustomizations a YAML file declares; a file that does not parse declares none.</summary>
    public static List<FluxKustomizationRoot> Find(string file, byte[] content)
    {
        var found = new List<FluxKustomizationRoot>();
        if (content.AsSpan().IndexOf("kustomize.toolkit.fluxcd.io"u8) < 0)
        {
            return found;
        }

        List<YamlDocumentTree> documents;
        try
        {
            documents = SafeYamlReader.Read(SafeYamlReader.Decode(content));
        }
        catch (ManifestReadException)
        {
            return found; // reported as unreadable where the file itself is scanned
        }

        foreach (var root in documents.Select(d => d.RootMapping).OfType<YamlMappingNode>())
        {
            if (root.Text("kind") != "Kustomization" || root.Text("apiVersion")?.StartsWith(ApiGroupMarker + "/", StringComparison.Ordinal) != true
                || root["spec"] is not YamlMappingNode spec)
            {
                continue;
            }

            var path = KustomizationFile.Resolve(string.Empty, spec.Text("path") ?? ".") ?? string.Empty;
            var name = (root["metadata"] as YamlMappingNode)?.Text("name") ?? "(unnamed)";
            var images = KustomizeImages.Entries(spec["images"], file, "FluxKustomizationImages", (_, _) => { });
            found.Add(new FluxKustomizationRoot(file, root.Line, name, path, images));
        }

        return found;
    }
}
