using HanoiEgov.Modules.Dossiers.Anchoring;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The anchors' Merkle tree against RFC 6962's definition and Certificate Transparency's published test vectors.</summary>
[Trait("Category", "Unit")]
public sealed class MerkleTests
{
    /// <summary>The eight leaves of Certificate Transparency's reference tests, and the roots of their first 1..8.</summary>
    private static readonly byte[][] ReferenceLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        [0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f],
    ];

    private static readonly string[] ReferenceRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void The_roots_are_those_of_the_certificate_transparency_reference_tree()
    {
        for (var size = 1; size <= ReferenceLeaves.Length; size++)
        {
            var tree = new MerkleTree([.. ReferenceLeaves.Take(size).Select(leaf => MerkleTree.LeafHash(leaf))]);
            Assert.Equal(ReferenceRoots[size - 1], Convert.ToHexStringLower(tree.Root));
        }
    }

    [Fact]
    public void The_empty_tree_is_the_hash_of_nothing() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(new MerkleTree([]).Root));

    [Fact]
    public void Every_leaf_of_trees_of_every_shape_proves_its_inclusion_and_no_other_leaf_or_place_does()
    {
        for (var size = 1; size <= 33; size++)
        {
            var leaves = Enumerable.Range(0, size).Select(index => MerkleTree.LeafHash(BitConverter.GetBytes(index))).ToArray();
            var tree = new MerkleTree(leaves);
            for (var index = 0; index < size; index++)
            {
                var path = tree.InclusionPath(index);
                Assert.True(MerkleTree.VerifyInclusion(index, size, leaves[index], path, tree.Root), $"leaf {index} of {size}");
                Assert.False(MerkleTree.VerifyInclusion(index, size, MerkleTree.LeafHash([0xff]), path, tree.Root));
                if (size > 1)
                {
                    Assert.False(MerkleTree.VerifyInclusion((index + 1) % size, size, leaves[index], path, tree.Root), $"leaf {index} of {size} at another place");
                }
            }
        }
    }

    [Fact]
    public void An_interior_node_cannot_pass_for_a_leaf_because_leaves_and_nodes_hash_with_different_prefixes()
    {
        var left = MerkleTree.LeafHash("a"u8);
        var right = MerkleTree.LeafHash("b"u8);
        var twoLeaves = new MerkleTree([left, right]);

        // A forger offering the two children's concatenation as one leaf's data gets another root.
        var forged = new MerkleTree([MerkleTree.LeafHash([.. left, .. right])]);

        Assert.NotEqual(twoLeaves.Root, forged.Root);
        Assert.Equal(MerkleTree.NodeHash(left, right), twoLeaves.Root);
    }

    [Fact]
    public void A_head_leaf_encodes_the_dossier_version_and_hash_at_fixed_lengths()
    {
        var dossier = Guid.Parse("0196a3b2-0000-7000-8000-000000000001");
        var head = new AnchoredHead(dossier, 258, new string('a', 64));

        var data = head.LeafData();

        Assert.Equal(52, data.Length);
        Assert.Equal("0196a3b200007000800000000000000100000102", Convert.ToHexStringLower(data.AsSpan(0, 20)));
        Assert.NotEqual(head.LeafHash(), (head with { Version = 259 }).LeafHash());
    }
}
