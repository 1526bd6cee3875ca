namespace FluxOps.Core.Manifests;

/// <summary>
/// Images in Helm values (chart <c>values*.yaml</c>, HelmRelease <c>spec.values</c>): any map with
/// <c>repository</c> and <c>tag</c> or <c>digest</c> (whatever its key: <c>image</c>, <c>redis</c>, ...), combined with
/// <c>registry</c>; and <c>image: "repo:tag"</c> strings. Scalars keep their source text, so <c>tag: 1.10</c> stays 1.10.
/// </summary>
internal static class HelmValuesImages
{
    public static void Extract(YamlTreeNode? values, string rootPath, ImageSink sink)
    {
        if (values is null)
        {
            return;
        }

        foreach (var (mapping, path) in YamlWalk.Mappings(values, rootPath))
        {
            var repository = mapping.Text("repository");
            if (repository is not null)
            {
                AddRepositoryBlock(mapping, repository, path, sink);
            }

            foreach (var (key, value) in mapping.Entries)
            {
                if (key is YamlScalarNode { Value: "image" } && value is YamlScalarNode image
                    && !YamlMappingNode.IsNull(image) && image.Value.Length > 0)
                {
                    sink.AddString(image, "HelmValues", path.Length == 0 ? "image" : path + ".image");
                }
            }
        }
    }

    private static void AddRepositoryBlock(YamlMappingNode block, string repository, string path, ImageSink sink)
    {
        var tag = block.Text("tag");
        var digest = block.Text("digest");
        if (tag is not null && tag.Contains('@', StringComparison.Ordinal))
        {
            // tag: "1.2.3@sha256:..." is a common way to pin both.
            digest ??= tag[(tag.IndexOf('@', StringComparison.Ordinal) + 1)..];
            tag = tag[..tag.IndexOf('@', StringComparison.Ordinal)];
        }

        if (tag is null && digest is null)
        {
            if (path.EndsWith("image", StringComparison.Ordinal))
            {
                sink.Skip(block.Line, $"HelmValues: '{repository}' has no tag or digest here (the chart's appVersion decides)");
            }

            return;
        }

        if (tag is not null && !ImageString.IsTag(tag, out var whyNot))
        {
            sink.Skip(block.Line, $"HelmValues: '{repository}' {whyNot}");
            return;
        }

        var registry = block.Text("registry");
        sink.AddString(ImageString.Compose(registry, repository, tag, digest), block.Line, block.Column, "HelmValues", path);
    }
}
