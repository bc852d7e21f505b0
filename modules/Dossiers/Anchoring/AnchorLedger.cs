using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace HanoiEgov.Modules.Dossiers.Anchoring;

/// <summary>An anchor file as read back: its tree, and either when the TSA timestamped it or why it does not verify.</summary>
internal sealed record LoadedAnchor(AnchorFile File, MerkleTree Tree, DateTimeOffset TimestampedAt, string? Problem);

/// <summary>One anchor's leaf for a dossier.</summary>
internal sealed record AnchorCoverage(LoadedAnchor Anchor, int Index)
{
    public AnchoredHead Head => Anchor.File.Heads[Index];
}

/// <summary>
/// The anchors of an anchoring directory, each checked once when first read: its heads make its root, the root
/// carries a valid CMS signature by a certificate in <c>certificates/</c>, and a valid RFC 3161 token from a TSA
/// whose certificate chains to a trusted root. Files appear while the platform runs; each lookup reads the new ones.
/// </summary>
internal sealed class AnchorLedger(string directory, IReadOnlyList<string> tsaRootPaths)
{
    private static readonly Oid TimeStamping = new("1.3.6.1.5.5.7.3.8");

    private readonly Lock gate = new();
    private readonly HashSet<string> read = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, List<AnchorCoverage>> byDossier = [];
    private readonly List<LoadedAnchor> anchors = [];
    private bool trustWasIncomplete;
    private DateTime folderChangedAt;

    public AnchorLedger(AnchoringOptions options)
        : this(options.Directory, options.TsaTrustedRoots)
    {
    }

    /// <summary>Every anchor read so far, oldest first.</summary>
    public IReadOnlyList<LoadedAnchor> Anchors()
    {
        lock (gate)
        {
            Refresh();
            return [.. anchors];
        }
    }

    /// <summary>Every dossier some anchor recorded a head of.</summary>
    public IReadOnlyCollection<Guid> Dossiers()
    {
        lock (gate)
        {
            Refresh();
            return [.. byDossier.Keys];
        }
    }

    /// <summary>The anchors that recorded a head of <paramref name="dossierId"/>, oldest first.</summary>
    public IReadOnlyList<AnchorCoverage> Covering(Guid dossierId)
    {
        lock (gate)
        {
            Refresh();
            return byDossier.TryGetValue(dossierId, out var coverage) ? [.. coverage] : [];
        }
    }

    private void Refresh()
    {
        var folder = Path.Combine(directory, "anchors");
        if (!System.IO.Directory.Exists(folder))
        {
            return;
        }

        // A file moved in changes the folder's time. That time is coarse (a few milliseconds), so a folder changed
        // within the last second is listed again anyway; otherwise an unchanged folder is not listed at all.
        var changed = System.IO.Directory.GetLastWriteTimeUtc(folder);
        if (!trustWasIncomplete && changed == folderChangedAt && DateTime.UtcNow - changed > TimeSpan.FromSeconds(1))
        {
            return;
        }

        folderChangedAt = changed;

        // Anchors judged while a TSA root file was missing are judged again once it is there.
        if (trustWasIncomplete)
        {
            read.Clear();
            anchors.Clear();
            byDossier.Clear();
        }

        var fresh = System.IO.Directory.EnumerateFiles(folder, "*.json").Where(path => !read.Contains(path)).Order(StringComparer.Ordinal).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        var trust = Trust.Load(Path.Combine(directory, "certificates"), tsaRootPaths);
        trustWasIncomplete = trust.MissingRoots.Count > 0;
        foreach (var path in fresh)
        {
            var anchor = Load(path, trust);
            read.Add(path);
            anchors.Add(anchor);
            for (var index = 0; index < anchor.File.Heads.Count; index++)
            {
                var dossier = anchor.File.Heads[index].Dossier;
                if (!byDossier.TryGetValue(dossier, out var coverage))
                {
                    byDossier[dossier] = coverage = [];
                }

                coverage.Add(new AnchorCoverage(anchor, index));
            }
        }

        anchors.Sort((left, right) => string.CompareOrdinal(left.File.Id, right.File.Id));
        foreach (var coverage in byDossier.Values)
        {
            coverage.Sort((left, right) => string.CompareOrdinal(left.Anchor.File.Id, right.Anchor.File.Id));
        }
    }

    private static LoadedAnchor Load(string path, Trust trust)
    {
        AnchorFile file;
        try
        {
            file = AnchorFile.Read(path);
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or IOException or FormatException)
        {
            var unreadable = new AnchorFile(0, Path.GetFileNameWithoutExtension(path), default, "", [], "", "");
            return new LoadedAnchor(unreadable, new MerkleTree([]), default, $"Anchor file {path} cannot be read: {exception.Message}");
        }

        MerkleTree tree;
        try
        {
            tree = new MerkleTree([.. file.Heads.Select(head => head.LeafHash())]);
        }
        catch (FormatException)
        {
            return new LoadedAnchor(file, new MerkleTree([]), default, $"Anchor {file.Id} holds a head hash that is not hexadecimal.");
        }

        var (timestampedAt, problem) = Check(file, tree, trust);
        return new LoadedAnchor(file, tree, timestampedAt, problem is null ? null : $"Anchor {file.Id} does not verify: {problem}");
    }

    private static (DateTimeOffset TimestampedAt, string? Problem) Check(AnchorFile file, MerkleTree tree, Trust trust)
    {
        if (!string.Equals(Convert.ToHexStringLower(tree.Root), file.Root, StringComparison.OrdinalIgnoreCase))
        {
            return (default, "its heads do not make its Merkle root.");
        }

        try
        {
            var signed = new SignedCms(new ContentInfo(tree.Root), detached: true);
            signed.Decode(Convert.FromBase64String(file.Signature));
            signed.CheckSignature(verifySignatureOnly: true);
            if (signed.SignerInfos is not [{ Certificate: { } signer }] || !trust.Platform.Any(known => known.RawData.AsSpan().SequenceEqual(signer.RawData)))
            {
                return (default, "it is not signed by a platform certificate of the anchoring directory.");
            }
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException)
        {
            return (default, $"its signature does not verify ({exception.Message}).");
        }

        byte[] encodedToken;
        try
        {
            encodedToken = Convert.FromBase64String(file.Timestamp);
        }
        catch (FormatException)
        {
            return (default, "its timestamp token is not base64.");
        }

        if (!Rfc3161TimestampToken.TryDecode(encodedToken, out var token, out _))
        {
            return (default, "its timestamp token cannot be read.");
        }

        if (!token.VerifySignatureForHash(tree.Root, HashAlgorithmName.SHA256, out var authority, token.AsSignedCms().Certificates) || authority is null)
        {
            return (default, "its timestamp token is not a valid TSA signature over its root.");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = token.TokenInfo.Timestamp.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust.TsaRoots);
        chain.ChainPolicy.ExtraStore.AddRange(token.AsSignedCms().Certificates);
        chain.ChainPolicy.ApplicationPolicy.Add(TimeStamping);
        if (!chain.Build(authority))
        {
            var status = string.Join(", ", chain.ChainStatus.Select(element => element.Status));
            var missing = trust.MissingRoots.Count == 0 ? "" : $"; TSA root file(s) {string.Join(", ", trust.MissingRoots)} cannot be read";
            return (default, $"the TSA's certificate {authority.Subject} does not chain to a trusted TSA root ({status}{missing}).");
        }

        return (token.TokenInfo.Timestamp, null);
    }

    /// <summary>The platform's published certificates and the TSA roots, read when new anchors are.</summary>
    private sealed record Trust(X509Certificate2Collection Platform, X509Certificate2Collection TsaRoots, IReadOnlyList<string> MissingRoots)
    {
        public static Trust Load(string certificatesDirectory, IEnumerable<string> tsaRootPaths)
        {
            var platform = new X509Certificate2Collection();
            if (System.IO.Directory.Exists(certificatesDirectory))
            {
                foreach (var path in System.IO.Directory.EnumerateFiles(certificatesDirectory, "*.pem"))
                {
                    platform.ImportFromPemFile(path);
                }
            }

            var roots = new X509Certificate2Collection();
            var missing = new List<string>();
            foreach (var path in tsaRootPaths)
            {
                if (File.Exists(path))
                {
                    roots.ImportFromPemFile(path);
                }
                else
                {
                    missing.Add(path);
                }
            }

            return new Trust(platform, roots, missing);
        }
    }
}
