using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HanoiEgov.Vendors;

/// <summary>
/// Builds a CMS/PKCS#7 detached signature (RFC 5652 SignedData without content) over a document's <em>hash</em>,
/// as a remote-signing service does: .NET's <c>SignedCms</c> computes the digest from the content itself, so signing a
/// given hash needs the SignedData built by hand. The signed attributes are contentType (id-data), signingTime and
/// messageDigest (the given hash); their DER is signed with the signer's RSA (PKCS#1 v1.5) or ECDSA key. The result
/// verifies with <c>SignedCms.CheckSignature</c> given the document, and with
/// <c>openssl cms -verify -binary -inform DER -in sig.p7s -content doc -CAfile root.pem</c>.
/// For sandboxes and development providers, which hold their signers' keys; production keys stay at the vendor.
/// </summary>
public static class CmsHashSignature
{
    private const string IdData = "1.2.840.113549.1.7.1";
    private const string IdSignedData = "1.2.840.113549.1.7.2";
    private const string IdContentType = "1.2.840.113549.1.9.3";
    private const string IdMessageDigest = "1.2.840.113549.1.9.4";
    private const string IdSigningTime = "1.2.840.113549.1.9.5";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";

    /// <summary>The DER-encoded CMS ContentInfo holding the detached SignedData.</summary>
    /// <param name="hash">The document's digest.</param>
    /// <param name="digestAlgorithm">SHA256, SHA384 or SHA512; must match the hash's length.</param>
    /// <param name="signer">The signer's certificate with its private key (RSA or ECDSA).</param>
    /// <param name="chain">Certificates to include besides the signer's (issuing CA, root), without keys.</param>
    /// <param name="signingTime">The signing time to sign into the attributes.</param>
    public static byte[] Create(ReadOnlySpan<byte> hash, HashAlgorithmName digestAlgorithm, X509Certificate2 signer, IEnumerable<X509Certificate2> chain, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(chain);
        var (digestOid, length) = digestAlgorithm.Name switch
        {
            "SHA256" => ("2.16.840.1.101.3.4.2.1", 32),
            "SHA384" => ("2.16.840.1.101.3.4.2.2", 48),
            "SHA512" => ("2.16.840.1.101.3.4.2.3", 64),
            _ => throw new ArgumentException($"Digest algorithm {digestAlgorithm} is not SHA256, SHA384 or SHA512.", nameof(digestAlgorithm)),
        };
        if (hash.Length != length)
        {
            throw new ArgumentException($"A {digestAlgorithm} hash has {length} bytes, not {hash.Length}.", nameof(hash));
        }

        var signedAttributes = SignedAttributes(hash, signingTime);
        using var rsa = signer.GetRSAPrivateKey();
        using var ecdsa = rsa is null ? signer.GetECDsaPrivateKey() : null;
        var (signatureOid, signatureHasNullParameters, signature) =
            rsa is not null ? (RsaEncryption, true, rsa.SignData(signedAttributes, digestAlgorithm, RSASignaturePadding.Pkcs1))
            : ecdsa is not null ? (EcdsaOid(digestAlgorithm), false, ecdsa.SignData(signedAttributes, digestAlgorithm, DSASignatureFormat.Rfc3279DerSequence))
            : throw new ArgumentException("The signer's certificate has no RSA or ECDSA private key.", nameof(signer));

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(IdSignedData);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    WriteAlgorithm(writer, digestOid, nullParameters: false);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(IdData);
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
                    using (writer.PushSequence())
                    {
                        writer.WriteEncodedValue(signer.IssuerName.RawData);
                        writer.WriteInteger(signer.SerialNumberBytes.Span);
                    }

                    WriteAlgorithm(writer, digestOid, nullParameters: false);
                    var implicitAttributes = signedAttributes.ToArray();
                    implicitAttributes[0] = 0xA0; // [0] IMPLICIT SET OF Attribute; the signature covers the universal SET.
                    writer.WriteEncodedValue(implicitAttributes);
                    WriteAlgorithm(writer, signatureOid, signatureHasNullParameters);
                    writer.WriteOctetString(signature);
                }
            }
        }

        return writer.Encode();
    }

    private static byte[] SignedAttributes(ReadOnlySpan<byte> hash, DateTimeOffset signingTime)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(IdContentType);
                using (writer.PushSetOf())
                {
                    writer.WriteObjectIdentifier(IdData);
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(IdSigningTime);
                using (writer.PushSetOf())
                {
                    writer.WriteUtcTime(signingTime.ToUniversalTime());
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(IdMessageDigest);
                using (writer.PushSetOf())
                {
                    writer.WriteOctetString(hash);
                }
            }
        }

        return writer.Encode();
    }

    private static void WriteAlgorithm(AsnWriter writer, string oid, bool nullParameters)
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

    private static string EcdsaOid(HashAlgorithmName digestAlgorithm) => digestAlgorithm.Name switch
    {
        "SHA256" => "1.2.840.10045.4.3.2",
        "SHA384" => "1.2.840.10045.4.3.3",
        _ => "1.2.840.10045.4.3.4",
    };
}
