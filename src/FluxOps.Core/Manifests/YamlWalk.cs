namespace FluxOps.Core.Manifests;

/// <summary>Iterative (never recursive) traversal of a <see cref="YamlTreeNode"/> tree.</summary>
internal static class YamlWalk
{
    /// <summary>Every mapping under <paramref name="root"/> (included) with its dotted path, depth-first.</summary>
    public static IEnumerable<(YamlMappingNode Mapping, string Path)> Mappings(YamlTreeNode root, string rootPath = "")
    {
        var stack = new Stack<(YamlTreeNode Node, string Path)>();
        stack.Push((root, rootPath));
        while (stack.Count > 0)
        {
            var (node, path) = stack.Pop();
            switch (node)
            {
                case YamlMappingNode mapping:
                    yield return (mapping, path);
                    for (var i = mapping.Entries.Count - 1; i >= 0; i--)
                    {
                        var (key, value) = mapping.Entries[i];
                        if (value is not YamlScalarNode)
                        {
                            stack.Push((value, path.Length == 0 ? KeyText(key) : path + "." + KeyText(key)));
                        }
                    }

                    break;
                case YamlSequenceNode sequence:
                    for (var i = sequence.Items.Count - 1; i >= 0; i--)
                    {
                        var item = sequence.Items[i];
                        if (item is not YamlScalarNode)
                        {
                            stack.Push((item, $"{path}[{ItemKey(item as YamlMappingNode, i)}]"));
                        }
                    }

                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>A list item's identity: its <c>name</c> when it has one (reordering keeps identity), else its index.</summary>
    public static string ItemKey(YamlMappingNode? item, int index) =>
        item?.Text("name") is { } name ? name : index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string KeyText(YamlTreeNode key) => key is YamlScalarNode s ? s.Value : "?";
}
