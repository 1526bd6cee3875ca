namespace FluxOps.Core.Manifests;

/// <summary>
/// Patches written inline as YAML strings (kustomization <c>patches[].patch</c>, <c>patchesJson6902</c>,
/// <c>patchesStrategicMerge</c>, Flux Kustomization <c>spec.patches</c>, HelmRelease post-renderer patches): the string
/// is read with the same safe reader and its images are mapped back onto true file lines and columns.
/// </summary>
internal static class InlinePatchImages
{
    public static void Extract(YamlTreeNode? patches, string path, ImageSink sink)
    {
        if (patches is not YamlSequenceNode list)
        {
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            var patch = list.Items[i] switch
            {
                YamlMappingNode entry => entry.Scalar("patch"),
                YamlScalarNode text when text.Value.Contains('\n', StringComparison.Ordinal) => text,
                _ => null,
            };
            if (patch is null || !patch.Value.Contains("image", StringComparison.Ordinal))
            {
                continue;
            }

            if (!patch.Literal)
            {
                sink.Skip(patch.Line, $"inline patch {path}[{i}] is not a literal block (patch: |), so its lines cannot be mapped; not read");
                continue;
            }

            List<YamlDocumentTree> documents;
            try
            {
                documents = SafeYamlReader.Read(patch.Value);
            }
            catch (ManifestReadException ex)
            {
                sink.Skip(patch.Line, $"inline patch {path}[{i}] is not valid YAML ({ex.Message})");
                continue;
            }

            // A literal block's content starts on the line after '|', with its indentation stripped.
            var firstLine = sink.SourceLine(patch.Line + sink.LineOffset + 1);
            var saved = (sink.LineOffset, sink.ColumnOffset, sink.Scope);
            sink.LineOffset += patch.Line;
            sink.ColumnOffset += firstLine.Length - firstLine.TrimStart(' ').Length;
            try
            {
                foreach (var document in documents)
                {
                    sink.Scope = $"{saved.Scope}|{path}[{i}]#{document.Index}";
                    if (JsonPatchImages.IsPatch(document.Root))
                    {
                        JsonPatchImages.Extract((YamlSequenceNode)document.Root!, sink);
                    }
                    else if (document.RootMapping is { } strategicMerge)
                    {
                        WorkloadImages.Extract(strategicMerge, strategicMerge.Text("apiVersion") ?? string.Empty, sink);
                    }
                }
            }
            finally
            {
                (sink.LineOffset, sink.ColumnOffset, sink.Scope) = saved;
            }
        }
    }
}
