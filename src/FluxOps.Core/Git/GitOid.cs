using System.Runtime.InteropServices;

namespace FluxOps.Core.Git;

/// <summary>
/// A SHA-1 object id laid out exactly like libgit2's <c>git_oid</c> (20 bytes), so native calls can hand ids over by
/// pointer and the history walk can key its maps by value without allocating.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly struct GitOid : IEquatable<GitOid>
{
    public const int Size = 20;
    private readonly long _first;
    private readonly long _second;
    private readonly int _third;

    public static GitOid Parse(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        if (bytes.Length != Size)
        {
            throw new FormatException($"'{hex}' is not a full 40-character sha.");
        }

        return MemoryMarshal.Read<GitOid>(bytes);
    }

    public static GitOid FromBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Read<GitOid>(bytes);

    /// <summary>The id's first byte, uniformly distributed: a cheap shard key.</summary>
    public byte FirstByte => (byte)_first;

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        MemoryMarshal.Write(bytes, in this);
        return bytes;
    }

    public bool Equals(GitOid other) => _first == other._first && _second == other._second && _third == other._third;

    public override bool Equals(object? obj) => obj is GitOid other && Equals(other);

    // SHA-1 bytes are uniformly distributed: any eight of them make a good hash.
    public override int GetHashCode() => _first.GetHashCode();

    public override string ToString() => Convert.ToHexString(ToBytes()).ToLowerInvariant();

    public static bool operator ==(GitOid left, GitOid right) => left.Equals(right);

    public static bool operator !=(GitOid left, GitOid right) => !left.Equals(right);
}
