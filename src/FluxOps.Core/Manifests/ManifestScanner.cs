namespace FluxOps.Core.Manifests;

/// <summary>Turns one file's bytes into the image references it writes, with a notice for everything it skips.</summary>
internal static class ManifestScanner
{
    /// <summary>Files above this size are skipped with a warning (real manifests are kilobytes).</summary>
    public const int DefaultMaxFileBytes = 8 * 1024 * 1024;

    public static ManifestScanResult Scan(string path, ReadOnlySpan<byte> content, int maxFileBytes = DefaultMaxFileBytes)
    {
        var result = new ManifestScanResult();
        if (content.Length > maxFileBytes)
        {
            result.Notices.Add(new ScanNotice(ScanNoticeLevel.Error, path, 0,
                $"file is {content.Length:N0} bytes, above the {maxFileBytes:N0}-byte cap for manifests; not read, so its images cannot be checked"));
            return result;
        }

        string text;
        List<YamlDocumentTree> documents;
        try
        {
            text = SafeYamlReader.Decode(content);
            documents = SafeYamlReader.Read(text);
        }
        catch (ManifestReadException ex)
        {
            result.Notices.Add(UnreadableNotice(path, content, ex));
            return result;
        }

        // Template syntax is judged per value (ImageString): a file that parses is read whole, whatever its block scalars hold.
        var sink = new ImageSink(path, result, text);
        result.Documents = documents.Count;
        foreach (var document in documents)
        {
            ScanDocument(path, document, sink);
        }

        var structural = result.Images.Count;
        ImagePolicyMarkers.Extract(text, sink);
        DropMarkersAlreadyFound(result, structural);
        return result;
    }

    /// <summary>
    /// A file that does not parse is a Go template (skipped, with the line of its first '{{') when it holds template
    /// syntax, and otherwise an error: the gate cannot vouch for what it could not read.
    /// </summary>
    private static ScanNotice UnreadableNotice(string path, ReadOnlySpan<byte> content, ManifestReadException ex)
    {
        var template = content.IndexOf("{{"u8);
        if (template >= 0 && ex.InnerException is not System.Text.DecoderFallbackException)
        {
            var line = content[..template].Count((byte)'\n') + 1;
            return new ScanNotice(ScanNoticeLevel.Skip, path, line, $"not YAML until rendered: a Go template ('{{{{' here) that does not parse as YAML ({ex.Message})");
        }

        return new ScanNotice(ScanNoticeLevel.Error, path, 0, ex.Message);
    }

    private static void ScanDocument(string path, YamlDocumentTree document, ImageSink sink)
    {
        sink.Kind = null;
        sink.Name = null;
        sink.Scope = "#" + document.Index;
        if (document.Root is null)
        {
            return;
        }

        if (ManifestFileRules.IsHelmValuesFile(path))
        {
            HelmValuesImages.Extract(document.Root, string.Empty, sink);
            return;
        }

        if (JsonPatchImages.IsPatch(document.Root))
        {
            JsonPatchImages.Extract((YamlSequenceNode)document.Root, sink);
            return;
        }

        var root = document.RootMapping;
        var apiVersion = root?.Text("apiVersion");
        var kind = root?.Text("kind");
        if (root is not null && (ManifestFileRules.IsKustomizationFile(path) || apiVersion?.StartsWith("kustomize.config.k8s.io/", StringComparison.Ordinal) == true))
        {
            // Its images: entries change what its resources deploy; the renderer (ChangedImages) applies them there.
            sink.Kind = kind ?? "Kustomization";
            InlinePatchImages.Extract(root["patches"], "patches", sink);
            InlinePatchImages.Extract(root["patchesJson6902"], "patchesJson6902", sink);
            InlinePatchImages.Extract(root["patchesStrategicMerge"], "patchesStrategicMerge", sink);
            return;
        }

        if (root is null || apiVersion is null || kind is null)
        {
            sink.Skip(document.Line, $"document {document.Index + 1} has no apiVersion and kind (not a Kubernetes object, not a values file)");
            return;
        }

        sink.Kind = kind;
        sink.Name = (root["metadata"] as YamlMappingNode)?.Text("name");
        sink.Scope = sink.Name is null ? $"{kind}#{document.Index}" : $"{kind}/{(root["metadata"] as YamlMappingNode)?.Text("namespace")}/{sink.Name}";
        var group = apiVersion.Split('/')[0];
        switch (kind)
        {
            case "OCIRepository" when group == "source.toolkit.fluxcd.io":
                sink.Skip(document.Line, $"OCIRepository {sink.Name}: Flux OCI artifacts (ref.tag, url) are not container images");
                return;
            case "HelmRelease" when group == "helm.toolkit.fluxcd.io":
                var spec = root["spec"] as YamlMappingNode;
                HelmValuesImages.Extract(spec?["values"], "spec.values", sink);
                if (spec?["postRenderers"] is YamlSequenceNode renderers)
                {
                    for (var i = 0; i < renderers.Items.Count; i++)
                    {
                        var kustomize = (renderers.Items[i] as YamlMappingNode)?["kustomize"] as YamlMappingNode;
                        KustomizeImages.ReportEntries(kustomize?["images"], "HelmPostRenderer", $"spec.postRenderers[{i}].kustomize.images", sink);
                        InlinePatchImages.Extract(kustomize?["patches"], $"spec.postRenderers[{i}].kustomize.patches", sink);
                    }
                }

                return;
            case "Kustomization" when group == "kustomize.toolkit.fluxcd.io":
                // spec.images transforms what spec.path renders; the renderer (ChangedImages) applies it there.
                var fluxSpec = root["spec"] as YamlMappingNode;
                InlinePatchImages.Extract(fluxSpec?["patches"], "spec.patches", sink);
                return;
            default:
                break;
        }

        if (group.EndsWith("kyverno.io", StringComparison.Ordinal))
        {
            sink.Skip(document.Line, $"Kyverno {kind} {sink.Name}: verifyImages entries are patterns, not images");
            return;
        }

        WorkloadImages.Extract(root, apiVersion, sink);
    }

    // A marker usually sits on an image the structural rules already found; report that one only once.
    private static void DropMarkersAlreadyFound(ManifestScanResult result, int structural)
    {
        if (result.Images.Count == structural)
        {
            return;
        }

        var seen = result.Images.Take(structural).Select(f => (f.Reference.Line, f.Reference.Image)).ToHashSet();
        var images = result.Images.Take(structural).Select(f => f.Reference.Image).ToHashSet(StringComparer.Ordinal);
        result.Images.RemoveAll(f => f.Reference.Source == "ImagePolicyMarker"
            && (seen.Contains((f.Reference.Line, f.Reference.Image)) || images.Contains(f.Reference.Image)));
    }
}
