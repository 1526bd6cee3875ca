namespace FluxOps.Core.Manifests;

/// <summary>
/// Kustomize <c>images:</c> entries (kustomization.yaml, Flux Kustomization <c>spec.images</c>, HelmRelease
/// post-renderers). The entry changes the deployed image of untouched base files, so the effective image is
/// reported at the entry's line: <c>newName</c> or <c>name</c>, then <c>digest</c> (which wins) or <c>newTag</c>.
/// </summary>
internal static class KustomizeImages
{
    public static void Extract(YamlTreeNode? images, string source, string path, ImageSink sink)
    {
        if (images is not YamlSequenceNode list)
        {
            return;
        }

        for (var i = 0; i < list.Items.Count; i++)
        {
            if (list.Items[i] is not YamlMappingNode entry)
            {
                continue;
            }

            var name = entry.Text("name");
            var newName = entry.Text("newName");
            var newTag = entry.Text("newTag");
            var digest = entry.Text("digest");
            var locator = $"{path}[{name ?? i.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";
            var baseName = newName ?? name;
            if (baseName is null)
            {
                sink.Skip(entry.Line, $"{source}: entry without name or newName");
                continue;
            }

            if (digest is null && newTag is null)
            {
                sink.Skip(entry.Line, $"{source}: '{baseName}' sets no newTag or digest; the tag written in the base applies and is reported there");
                continue;
            }

            if (digest is null && !ImageString.IsTag(newTag!, out var whyNot))
            {
                sink.Skip(entry.Line, $"{source}: '{baseName}' {whyNot}");
                continue;
            }

            // Kustomize drops newTag when a digest is set: the digest is what gets deployed.
            var effective = digest is not null ? ImageString.Compose(null, baseName, null, digest) : ImageString.Compose(null, baseName, newTag, null);
            sink.AddString(effective, entry.Line, entry.Column, source, locator);
        }
    }
}
