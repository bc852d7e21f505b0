using System.Security.Cryptography;

namespace HanoiEgov.Modules.Dossiers.Anchoring;

/// <summary>
/// A Merkle tree as RFC 6962 §2.1 (and RFC 9162 §2.1) defines it: SHA-256, leaves hashed with a 0x00 prefix and
/// interior nodes with 0x01, so an interior node can never be passed off as a leaf (second preimage). Built level by
/// level, an odd last node moving up unchanged, which gives the same tree as the RFC's split at the largest power of two.
/// </summary>
internal sealed class MerkleTree
{
    private readonly List<byte[][]> levels = [];

    /// <param name="leafHashes">The leaves' hashes (<see cref="LeafHash"/>), in their order.</param>
    public MerkleTree(IReadOnlyList<byte[]> leafHashes)
    {
        Size = leafHashes.Count;
        var level = leafHashes.ToArray();
        levels.Add(level);
        while (level.Length > 1)
        {
            var parents = new byte[(level.Length + 1) / 2][];
            for (var index = 0; index < parents.Length; index++)
            {
                parents[index] = 2 * index + 1 < level.Length ? NodeHash(level[2 * index], level[2 * index + 1]) : level[2 * index];
            }

            levels.Add(parents);
            level = parents;
        }

        Root = level.Length == 1 ? level[0] : SHA256.HashData([]);
    }

    public int Size { get; }

    public byte[] Root { get; }

    public static byte[] LeafHash(ReadOnlySpan<byte> data) => SHA256.HashData([0x00, .. data]);

    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>The audit path of the leaf at <paramref name="index"/> (RFC 6962 §2.1.1), nearest sibling first.</summary>
    public IReadOnlyList<byte[]> InclusionPath(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Size);
        var path = new List<byte[]>();
        foreach (var level in levels.Take(levels.Count - 1))
        {
            var sibling = index ^ 1;
            if (sibling < level.Length)
            {
                path.Add(level[sibling]);
            }

            index /= 2;
        }

        return path;
    }

    /// <summary>Whether <paramref name="leafHash"/> is leaf <paramref name="index"/> of the tree of <paramref name="size"/> leaves with that root (RFC 9162 §2.1.3.2).</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (index < 0 || index >= size)
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        var result = leafHash.ToArray();
        foreach (var sibling in path)
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                result = NodeHash(sibling, result);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                result = NodeHash(result, sibling);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(result, root);
    }
}
