namespace FluxOps.Core.Manifests;

/// <summary>
/// A small, read-only YAML node tree built from parser events by <see cref="SafeYamlReader"/>.
/// Aliases point at the anchored node (shared, never copied), so walking cost is bounded by the
/// reader's expanded-node budget rather than by what an alias bomb would expand to.
/// </summary>
internal abstract class YamlTreeNode
{
    protected YamlTreeNode(int line, int column)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the node's first character in the file (true line in multi-document files).</summary>
    public int Line { get; }

    public int Column { get; }

    /// <summary>Number of nodes this subtree expands to (aliases counted in full), saturating.</summary>
    public long ExpandedSize { get; protected set; } = 1;

    /// <summary>Longest path from this node to a leaf, aliases followed.</summary>
    public int Height { get; protected set; }
}

internal sealed class YamlScalarNode(string value, bool plain, int line, int column, bool literal = false) : YamlTreeNode(line, column)
{
    /// <summary>True for literal block scalars (<c>|</c>): their lines map one-to-one onto file lines.</summary>
    public bool Literal { get; } = literal;

    /// <summary>The scalar exactly as written (unquoted numbers keep their text: <c>1.10</c> stays <c>1.10</c>).</summary>
    public string Value { get; } = value;

    /// <summary>True for plain (unquoted) scalars: <c>&lt;&lt;</c> is only a merge key when plain.</summary>
    public bool Plain { get; } = plain;

    public override string ToString() => Value;
}

internal sealed class YamlSequenceNode(int line, int column) : YamlTreeNode(line, column)
{
    public List<YamlTreeNode> Items { get; } = [];

    internal void Complete()
    {
        long size = 1;
        var height = 0;
        foreach (var item in Items)
        {
            size = SaturatingAdd(size, item.ExpandedSize);
            height = Math.Max(height, item.Height + 1);
        }

        ExpandedSize = size;
        Height = height;
    }

    internal static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}

internal sealed class YamlMappingNode(int line, int column) : YamlTreeNode(line, column)
{
    public List<KeyValuePair<YamlTreeNode, YamlTreeNode>> Entries { get; } = [];

    /// <summary>The value of a plain string key, or null.</summary>
    public YamlTreeNode? this[string key]
    {
        get
        {
            foreach (var (k, v) in Entries)
            {
                if (k is YamlScalarNode s && string.Equals(s.Value, key, StringComparison.Ordinal))
                {
                    return v;
                }
            }

            return null;
        }
    }

    /// <summary>The value of <paramref name="key"/> when it is a non-empty scalar.</summary>
    public string? Text(string key) =>
        this[key] is YamlScalarNode { Value.Length: > 0 } s && !IsNull(s) ? s.Value : null;

    public YamlScalarNode? Scalar(string key) => this[key] as YamlScalarNode;

    internal static bool IsNull(YamlScalarNode s) =>
        s.Plain && s.Value is "~" or "null" or "Null" or "NULL";

    /// <summary>
    /// Applies YAML merge keys (<c>&lt;&lt;: *base</c> or a list of them): merged entries fill in keys the
    /// mapping does not write itself, so an explicit key always wins, whatever its position.
    /// </summary>
    internal void Complete()
    {
        var merges = Entries.Where(e => e.Key is YamlScalarNode { Plain: true, Value: "<<" }).ToList();
        if (merges.Count > 0)
        {
            Entries.RemoveAll(e => e.Key is YamlScalarNode { Plain: true, Value: "<<" });
            var own = new HashSet<string>(Entries.Select(e => KeyText(e.Key)), StringComparer.Ordinal);
            foreach (var merge in merges)
            {
                var sources = merge.Value switch
                {
                    YamlMappingNode m => [m],
                    YamlSequenceNode s => s.Items.OfType<YamlMappingNode>().ToList(),
                    _ => new List<YamlMappingNode>(),
                };
                foreach (var source in sources)
                {
                    foreach (var entry in source.Entries)
                    {
                        if (own.Add(KeyText(entry.Key)))
                        {
                            Entries.Add(entry);
                        }
                    }
                }
            }
        }

        long size = 1;
        var height = 0;
        foreach (var (key, value) in Entries)
        {
            size = YamlSequenceNode.SaturatingAdd(size, YamlSequenceNode.SaturatingAdd(key.ExpandedSize, value.ExpandedSize));
            height = Math.Max(height, Math.Max(key.Height, value.Height) + 1);
        }

        ExpandedSize = size;
        Height = height;
    }

    private static string KeyText(YamlTreeNode key) => key is YamlScalarNode s ? s.Value : $"\u0000{key.Line}:{key.Column}";
}

/// <summary>One YAML document of a file: its root node and the line of its first node.</summary>
internal sealed record YamlDocumentTree(YamlTreeNode? Root, int Index, int Line)
{
    public YamlMappingNode? RootMapping => Root as YamlMappingNode;
}
