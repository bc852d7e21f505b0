using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace HanoiEgov.Vendors;

/// <summary>What checking a detached CMS signature over a document found.</summary>
/// <param name="IsValid">True when the signature matches the document and the signer's certificate chains to a trusted root at the signing time.</param>
/// <param name="Problem">Why it is not valid, one of <see cref="SignatureProblems"/>; null when valid.</param>
/// <param name="Reason">The problem in words, for the API and logs.</param>
/// <param name="Signer">The signer certificate's subject, when the signature could be read.</param>
/// <param name="SignerSerialNumber">The signer certificate's serial number (hexadecimal).</param>
/// <param name="SigningTime">The signing time in the signed attributes.</param>
/// <param name="Chain">Subjects from the signer's certificate up to the root, as far as the chain could be built.</param>
public sealed record SignatureVerification(
    bool IsValid,
    string? Problem,
    string? Reason,
    string? Signer,
    string? SignerSerialNumber,
    DateTimeOffset? SigningTime,
    IReadOnlyList<string> Chain);

/// <summary>Why a signature is not valid.</summary>
public static class SignatureProblems
{
    /// <summary>The bytes are not a CMS SignedData with one signer.</summary>
    public const string Malformed = "malformed";

    /// <summary>The signature does not match the document (the document or the signature was changed).</summary>
    public const string Tampered = "tampered";

    /// <summary>The signer's certificate does not chain to a trusted root (another CA, or a certificate out of its validity).</summary>
    public const string UntrustedCertificate = "untrusted-certificate";
}

/// <summary>Checks detached CMS/PKCS#7 signatures over documents, against the roots the platform trusts.</summary>
public static class CmsSignatureVerifier
{
    /// <summary>
    /// Verifies <paramref name="cms"/> (DER) as a detached signature over <paramref name="document"/>: the signature
    /// over the signed attributes, the messageDigest against the document, and the signer's chain up to one of
    /// <paramref name="trustedRoots"/> at the signing time (no revocation check). Never throws for bad input.
    /// </summary>
    public static SignatureVerification Verify(ReadOnlySpan<byte> cms, byte[] document, X509Certificate2Collection trustedRoots)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(trustedRoots);
        var signed = new SignedCms(new ContentInfo(document), detached: true);
        try
        {
            signed.Decode(cms);
        }
        catch (CryptographicException exception)
        {
            return Invalid(SignatureProblems.Malformed, $"Not a CMS SignedData: {exception.Message}");
        }

        if (signed.SignerInfos.Count != 1 || signed.SignerInfos[0].Certificate is not { } certificate)
        {
            return Invalid(SignatureProblems.Malformed, "A signature must have exactly one signer, with its certificate included.");
        }

        var signerInfo = signed.SignerInfos[0];
        var signingTime = signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>()
            .SelectMany(attribute => attribute.Values.Cast<AsnEncodedData>())
            .OfType<Pkcs9SigningTime>()
            .Select(time => (DateTimeOffset?)new DateTimeOffset(DateTime.SpecifyKind(time.SigningTime, DateTimeKind.Utc)))
            .FirstOrDefault();
        if (signingTime is null)
        {
            var attribute = signerInfo.SignedAttributes.Cast<CryptographicAttributeObject>().FirstOrDefault(a => a.Oid.Value == "1.2.840.113549.1.9.5");
            if (attribute is not null)
            {
                signingTime = new DateTimeOffset(DateTime.SpecifyKind(new Pkcs9SigningTime(attribute.Values[0].RawData).SigningTime, DateTimeKind.Utc));
            }
        }

        var signer = certificate.Subject;
        var serial = certificate.SerialNumber;
        try
        {
            signerInfo.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException exception)
        {
            return new SignatureVerification(false, SignatureProblems.Tampered, $"The signature does not match the document: {exception.Message}", signer, serial, signingTime, [signer]);
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedRoots);
        chain.ChainPolicy.ExtraStore.AddRange(signed.Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = (signingTime ?? DateTimeOffset.UtcNow).UtcDateTime;
        var trusted = chain.Build(certificate);
        IReadOnlyList<string> subjects = [.. chain.ChainElements.Select(element => element.Certificate.Subject)];
        return trusted
            ? new SignatureVerification(true, null, null, signer, serial, signingTime, subjects)
            : new SignatureVerification(
                false,
                SignatureProblems.UntrustedCertificate,
                $"The signer's certificate does not chain to a trusted root: {string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation.Trim()).Distinct())}",
                signer,
                serial,
                signingTime,
                subjects);
    }

    private static SignatureVerification Invalid(string problem, string reason) => new(false, problem, reason, null, null, null, []);
}
