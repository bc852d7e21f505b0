using System.Buffers.Binary;
using System.Text.Json;

namespace HanoiEgov.Modules.Dossiers.Anchoring;

/// <summary>A dossier's chain head as an anchor records it: a Merkle leaf.</summary>
internal sealed record AnchoredHead(Guid Dossier, int Version, string Head)
{
    /// <summary>The leaf's fixed-length bytes: the dossier id (16, big-endian), the version (4, big-endian), the head hash (32).</summary>
    public byte[] LeafData()
    {
        var data = new byte[16 + 4 + 32];
        Dossier.TryWriteBytes(data.AsSpan(0, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(16, 4), Version);
        Convert.FromHexString(Head).CopyTo(data.AsSpan(20));
        return data;
    }

    public byte[] LeafHash() => MerkleTree.LeafHash(LeafData());
}

/// <summary>
/// One anchor, as written to <c>anchors/&lt;id&gt;.json</c>: the heads (sorted by dossier id, so each head's index
/// in the Merkle tree is its place here), the root, the platform's detached CMS signature over the root and the
/// TSA's RFC 3161 token over the root (both DER, base64).
/// </summary>
internal sealed record AnchorFile(int Format, string Id, DateTimeOffset CreatedAt, string Root, IReadOnlyList<AnchoredHead> Heads, string Signature, string Timestamp)
{
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string PathOf(string anchorsDirectory, string id) => Path.Combine(anchorsDirectory, id + ".json");

    public static AnchorFile Read(string path) =>
        JsonSerializer.Deserialize<AnchorFile>(File.ReadAllBytes(path), Json) ?? throw new JsonException($"{path} holds no anchor.");

    /// <summary>Writes the file whole or not at all (a temporary file moved into place), readable by everyone, never overwritten.</summary>
    /// <returns>The file's path.</returns>
    public string Write(string anchorsDirectory)
    {
        Directory.CreateDirectory(anchorsDirectory);
        var path = PathOf(anchorsDirectory, Id);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, this, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        return path;
    }
}
