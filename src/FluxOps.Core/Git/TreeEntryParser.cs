using System.Text;

namespace FluxOps.Core.Git;

/// <summary>One entry of a git tree: name, object id and file mode (canonical, as git compares them).</summary>
internal readonly record struct RawTreeEntry(string Name, GitOid Id, uint Mode)
{
    public bool IsTree => Mode == TreeEntryParser.TreeMode;
}

/// <summary>
/// Reads raw git tree objects (<c>&lt;octal mode&gt; SP &lt;name&gt; NUL &lt;20-byte id&gt;</c>, repeated). Modes are
/// canonicalised like git's canon_mode, so a tree written with 100664 or 40000 compares as git would compare it.
/// </summary>
internal static class TreeEntryParser
{
    public const uint TreeMode = 0x4000; // 040000
    public const uint RegularFileMode = 0x81A4; // 0100644
    public const uint ExecutableFileMode = 0x81ED; // 0100755
    private const uint FileMode = 0x8000; // 0100000
    private const uint LinkMode = 0xA000; // 0120000
    private const uint GitlinkMode = 0xE000; // 0160000
    private const uint TypeMask = 0xF000;

    /// <summary>Finds the entry called <paramref name="name"/> (UTF-8 bytes); false when the tree has none or is malformed.</summary>
    public static bool TryFind(ReadOnlySpan<byte> tree, ReadOnlySpan<byte> name, out GitOid id, out uint mode)
    {
        while (TryNext(ref tree, out var entryName, out id, out mode))
        {
            if (entryName.SequenceEqual(name))
            {
                return true;
            }
        }

        id = default;
        mode = 0;
        return false;
    }

    /// <summary>Every entry, in the tree's own order.</summary>
    public static List<RawTreeEntry> Entries(ReadOnlySpan<byte> tree)
    {
        var entries = new List<RawTreeEntry>();
        while (TryNext(ref tree, out var name, out var id, out var mode))
        {
            entries.Add(new RawTreeEntry(Encoding.UTF8.GetString(name), id, mode));
        }

        return entries;
    }

    private static bool TryNext(ref ReadOnlySpan<byte> tree, out ReadOnlySpan<byte> name, out GitOid id, out uint mode)
    {
        name = default;
        id = default;
        mode = 0;
        var space = tree.IndexOf((byte)' ');
        var nul = tree.IndexOf((byte)0);
        if (space <= 0 || nul <= space || tree.Length < nul + 1 + GitOid.Size)
        {
            return false;
        }

        uint raw = 0;
        foreach (var digit in tree[..space])
        {
            raw = (raw << 3) | (uint)(digit - '0');
        }

        mode = Canonical(raw);
        name = tree[(space + 1)..nul];
        id = GitOid.FromBytes(tree.Slice(nul + 1, GitOid.Size));
        tree = tree[(nul + 1 + GitOid.Size)..];
        return true;
    }

    // git's canon_mode (tree-walk.c decode_tree_entry): a file is 100755 when its owner may execute it, else 100644.
    internal static uint Canonical(uint mode) => (mode & TypeMask) switch
    {
        FileMode => FileMode | ((mode & 0x40) != 0 ? 0x1EDu : 0x1A4u), // 0755 : 0644
        LinkMode => LinkMode,
        TreeMode => TreeMode,
        _ => GitlinkMode,
    };
}
