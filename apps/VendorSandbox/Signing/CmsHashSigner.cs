using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HanoiEgov.VendorSandbox.Signing;

/// <summary>
/// Signs a document's hash, given without the document, into a detached CMS SignedData (RFC 5652). SignedCms would
/// compute the digest from content itself, so the structure is written here with signed attributes (contentType,
/// signingTime, messageDigest = the given hash, ESS signingCertificateV2) whose DER is signed with the signer's key.
/// The result verifies with SignedCms.CheckSignature over the document and with <c>openssl cms -verify</c>.
/// </summary>
internal static class CmsHashSigner
{
    private const string Data = "1.2.840.113549.1.7.1";
    private const string SignedData = "1.2.840.113549.1.7.2";
    private const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    private const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    private const string SigningTimeAttribute = "1.2.840.113549.1.9.5";
    private const string SigningCertificateV2Attribute = "1.2.840.113549.1.9.16.2.47";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";

    /// <summary>The hash algorithms a remote-signing request may name, by the length of the hash they give.</summary>
    public static HashAlgorithmName? AlgorithmForLength(int length) => length switch
    {
        32 => HashAlgorithmName.SHA256,
        48 => HashAlgorithmName.SHA384,
        64 => HashAlgorithmName.SHA512,
        _ => null,
    };

    public static string DigestOid(HashAlgorithmName algorithm) =>
        algorithm == HashAlgorithmName.SHA256 ? "2.16.840.1.101.3.4.2.1"
        : algorithm == HashAlgorithmName.SHA384 ? "2.16.840.1.101.3.4.2.2"
        : algorithm == HashAlgorithmName.SHA512 ? "2.16.840.1.101.3.4.2.3"
        : throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Only SHA-256, SHA-384 and SHA-512 are offered.");

    public static byte[] SignDetached(
        ReadOnlySpan<byte> hash, HashAlgorithmName algorithm, X509Certificate2 signer, IReadOnlyList<X509Certificate2> chain, DateTimeOffset signingTime)
    {
        if (AlgorithmForLength(hash.Length) != algorithm)
        {
            throw new ArgumentException($"A {algorithm.Name} hash has {HashLength(algorithm)} bytes, not {hash.Length}.", nameof(hash));
        }

        using var key = signer.GetRSAPrivateKey() ?? throw new ArgumentException("The signer's certificate carries no RSA private key.", nameof(signer));
        var digestOid = DigestOid(algorithm);

        // The signature covers the attributes encoded as a SET OF (RFC 5652 §5.4), not with the [0] tag they carry in place.
        var attributes = new AsnWriter(AsnEncodingRules.DER);
        WriteSignedAttributes(attributes, Asn1Tag.SetOf, hash, signer, signingTime);
        var signature = key.SignData(attributes.Encode(), algorithm, RSASignaturePadding.Pkcs1);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(SignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    WriteAlgorithm(writer, digestOid);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(Data);
                }

                using (writer.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    writer.WriteEncodedValue(signer.RawData);
                    foreach (var certificate in chain)
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }

                using (writer.PushSetOf())
                using (writer.PushSequence())
                {
                    writer.WriteInteger(1);
                    WriteIssuerAndSerial(writer, signer);
                    WriteAlgorithm(writer, digestOid);
                    WriteSignedAttributes(writer, new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true), hash, signer, signingTime);
                    WriteAlgorithm(writer, RsaEncryption, nullParameters: true);
                    writer.WriteOctetString(signature);
                }
            }
        }

        return writer.Encode();
    }

    private static int HashLength(HashAlgorithmName algorithm) =>
        algorithm == HashAlgorithmName.SHA384 ? 48 : algorithm == HashAlgorithmName.SHA512 ? 64 : 32;

    private static void WriteSignedAttributes(AsnWriter writer, Asn1Tag tag, ReadOnlySpan<byte> hash, X509Certificate2 signer, DateTimeOffset signingTime)
    {
        using (writer.PushSetOf(tag))
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(ContentTypeAttribute);
                using (writer.PushSetOf())
                {
                    writer.WriteObjectIdentifier(Data);
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(SigningTimeAttribute);
                using (writer.PushSetOf())
                {
                    writer.WriteUtcTime(signingTime.ToUniversalTime());
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(MessageDigestAttribute);
                using (writer.PushSetOf())
                {
                    writer.WriteOctetString(hash);
                }
            }

            // ESS signingCertificateV2 with the default SHA-256 certificate hash: binds the signer's certificate (CAdES-BES).
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(SigningCertificateV2Attribute);
                using (writer.PushSetOf())
                using (writer.PushSequence())
                using (writer.PushSequence())
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(SHA256.HashData(signer.RawData));
                }
            }
        }
    }

    private static void WriteIssuerAndSerial(AsnWriter writer, X509Certificate2 signer)
    {
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(signer.IssuerName.RawData);
            writer.WriteInteger(signer.SerialNumberBytes.Span);
        }
    }

    private static void WriteAlgorithm(AsnWriter writer, string oid, bool nullParameters = false)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (nullParameters)
            {
                writer.WriteNull();
            }
        }
    }
}
