namespace FluxOps.Core.Manifests;

/// <summary>
/// JSON6902 patches (<c>- op: replace, path: /spec/template/spec/containers/0/image, value: ...</c>): images in
/// <c>value</c>, either as the string an <c>/image</c> path sets or inside whole container objects.
/// </summary>
internal static class JsonPatchImages
{
    /// <summary>True when the document is a list of operations (every item a map with <c>op</c> and <c>path</c>).</summary>
    public static bool IsPatch(YamlTreeNode? root) =>
        root is YamlSequenceNode { Items.Count: > 0 } list
        && list.Items.All(i => i is YamlMappingNode m && m.Text("op") is not null && m.Text("path") is not null);

    public static void Extract(YamlSequenceNode patch, ImageSink sink)
    {
        foreach (var item in patch.Items.Cast<YamlMappingNode>())
        {
            var op = item.Text("op");
            var path = item.Text("path")!;
            if (op is not ("add" or "replace") || item["value"] is not { } value)
            {
                continue;
            }

            var locator = "patch[" + path + "]";
            if (value is YamlScalarNode scalar)
            {
                if ((path.EndsWith("/image", StringComparison.Ordinal) || path.EndsWith("/image/reference", StringComparison.Ordinal))
                    && !YamlMappingNode.IsNull(scalar))
                {
                    sink.AddString(scalar, "JsonPatch", locator);
                }

                continue;
            }

            foreach (var (mapping, inner) in YamlWalk.Mappings(value, locator))
            {
                if (mapping.Scalar("image") is { } image && !YamlMappingNode.IsNull(image))
                {
                    sink.AddString(image, "JsonPatch", inner + ".image");
                }
            }
        }
    }
}
