using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using HanoiEgov.VendorSandbox.Signing;

namespace HanoiEgov.VendorSandbox.Timestamping;

/// <summary>
/// An RFC 3161 time-stamping authority with its own test CA (<c>&lt;state&gt;/tsa/ca</c>): it answers a
/// TimeStampReq with a TimeStampResp whose token is a SignedCms over a TSTInfo, signed by a certificate whose only
/// (critical) extended key usage is timeStamping. Not a real TSA: its clock is the sandbox's.
/// </summary>
internal sealed class TimestampAuthority : IDisposable
{
    public const string Face = "tsa";

    /// <summary>The sandbox's policy, under the example arc 2.999 (never a real policy).</summary>
    public static readonly Oid Policy = new("2.999.3161.1");

    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";
    private const string SigningCertificateV2 = "1.2.840.113549.1.9.16.2.47";
    private const int Granted = 0;
    private const int Rejection = 2;

    private static readonly HashSet<string> AcceptedHashes = new(StringComparer.Ordinal)
    {
        "2.16.840.1.101.3.4.2.1", // SHA-256
        "2.16.840.1.101.3.4.2.2", // SHA-384
        "2.16.840.1.101.3.4.2.3", // SHA-512
    };

    private readonly TimeProvider time;
    private readonly X509Certificate2 unit;

    public TimestampAuthority(SandboxOptions options, TimeProvider time)
    {
        this.time = time;
        Authority = TestCertificateAuthority.LoadOrCreate(Path.Combine(options.StateDirectory, Face, "ca"), "Sandbox TSA", time);
        unit = Authority.TimestampingCertificate();
    }

    public TestCertificateAuthority Authority { get; }

    /// <summary>The DER TimeStampResp for a DER TimeStampReq: granted with a token, or a rejection saying why.</summary>
    public byte[] Respond(ReadOnlyMemory<byte> query)
    {
        if (!Rfc3161TimestampRequest.TryDecode(query, out var request, out _))
        {
            return Refusal("The request is not a DER TimeStampReq.");
        }

        if (!AcceptedHashes.Contains(request.HashAlgorithmId.Value ?? ""))
        {
            return Refusal($"The hash algorithm {request.HashAlgorithmId.Value} is not accepted; use SHA-256, SHA-384 or SHA-512.");
        }

        if (request.RequestedPolicyId is { } policy && policy.Value != Policy.Value)
        {
            return Refusal($"This TSA only issues under policy {Policy.Value}.");
        }

        var info = new Rfc3161TimestampTokenInfo(
            Policy, request.HashAlgorithmId, request.GetMessageHash(), SerialNumber(), time.GetUtcNow(), accuracyInMicroseconds: 1_000_000,
            isOrdering: false, nonce: request.GetNonce());
        var signed = new SignedCms(new ContentInfo(new Oid(TstInfoContentType), info.Encode()));
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, unit)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = request.RequestSignerCertificate ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        signer.SignedAttributes.Add(new AsnEncodedData(SigningCertificateV2, EssCertIdV2(unit)));
        if (request.RequestSignerCertificate)
        {
            signer.Certificates.Add(Authority.Issuing);
        }

        signed.ComputeSignature(signer);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteInteger(Granted);
            }

            writer.WriteEncodedValue(signed.Encode());
        }

        return writer.Encode();
    }

    public void Dispose()
    {
        unit.Dispose();
        Authority.Dispose();
    }

    /// <summary>PKIStatusInfo with status rejection and the reason as its statusString, and no token.</summary>
    private static byte[] Refusal(string reason)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteInteger(Rejection);
            using (writer.PushSequence())
            {
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, reason);
            }
        }

        return writer.Encode();
    }

    /// <summary>SigningCertificateV2 (RFC 5035) naming the TSA's certificate by its SHA-256 hash, the default algorithm.</summary>
    private static byte[] EssCertIdV2(X509Certificate2 certificate)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteOctetString(SHA256.HashData(certificate.RawData));
        }

        return writer.Encode();
    }

    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }
}
