namespace FluxOps.Core.Git;

/// <summary>
/// Reads what a history walk needs from a raw commit object — tree, parents, committer time — and nothing else (no
/// signature, no message), with git's own rules (commit.c parse_commit_buffer / parse_commit_date): the parent lines
/// follow the tree line, and the date is the number after the first '&gt;' of a committer line that directly follows
/// the author line; anything else gives time 0, as in git.
/// </summary>
internal static class CommitHeaderParser
{
    private const int HexLength = GitOid.Size * 2;

    public static bool TryParse(ReadOnlySpan<byte> raw, out CommitHeader header)
    {
        header = default;
        if (!TryReadId(ref raw, "tree "u8, out var tree))
        {
            return false;
        }

        var parents = CountParents(raw) is var count and > 0 ? new GitOid[count] : [];
        for (var i = 0; i < parents.Length; i++)
        {
            if (!TryReadId(ref raw, "parent "u8, out parents[i]))
            {
                return false;
            }
        }

        header = new CommitHeader(CommitterTime(raw), tree, parents);
        return true;
    }

    private static int CountParents(ReadOnlySpan<byte> raw)
    {
        const int Line = 7 + HexLength + 1; // "parent " + hex + '\n'
        var count = 0;
        while (raw.Length >= Line && raw.StartsWith("parent "u8))
        {
            count++;
            raw = raw[Line..];
        }

        return count;
    }

    private static long CommitterTime(ReadOnlySpan<byte> raw)
    {
        var authorEnd = raw.IndexOf((byte)'\n');
        if (!raw.StartsWith("author"u8) || authorEnd < 0)
        {
            return 0;
        }

        raw = raw[(authorEnd + 1)..];
        var lineEnd = raw.IndexOf((byte)'\n');
        if (!raw.StartsWith("committer"u8) || lineEnd < 0)
        {
            return 0;
        }

        var line = raw[..lineEnd];
        var close = line.IndexOf((byte)'>');
        if (close < 0)
        {
            return 0;
        }

        var digits = line[(close + 1)..].TrimStart((byte)' ');
        long time = 0;
        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9' || time > (long.MaxValue - 9) / 10)
            {
                break;
            }

            time = (time * 10) + (b - '0');
        }

        return time;
    }

    private static bool TryReadId(ref ReadOnlySpan<byte> raw, ReadOnlySpan<byte> prefix, out GitOid id)
    {
        id = default;
        if (!raw.StartsWith(prefix) || raw.Length < prefix.Length + HexLength + 1 || raw[prefix.Length + HexLength] != '\n')
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[GitOid.Size];
        var hex = raw.Slice(prefix.Length, HexLength);
        for (var i = 0; i < GitOid.Size; i++)
        {
            var high = HexValue(hex[2 * i]);
            var low = HexValue(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            bytes[i] = (byte)((high << 4) | low);
        }

        id = GitOid.FromBytes(bytes);
        raw = raw[(prefix.Length + HexLength + 1)..];
        return true;
    }

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => -1,
    };
}
