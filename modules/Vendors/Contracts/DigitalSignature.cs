using System.Security.Cryptography;

namespace HanoiEgov.Vendors;

/// <summary>
/// Remote digital signing (chữ ký số từ xa) of a document's <em>hash</em>: the platform sends the hash, the vendor
/// asks the signer to confirm on their phone, and once confirmed returns a CMS/PKCS#7 detached signature
/// (SignedData without content, signed attributes contentType, signingTime and messageDigest = the hash) that
/// verifies over the document. Signing is asynchronous: <see cref="SigningStatus.Pending"/> until the signer
/// confirms (<see cref="SigningStatus.Completed"/>), refuses (<see cref="SigningStatus.Rejected"/>) or lets it run
/// out (<see cref="SigningStatus.Expired"/>).
/// </summary>
public interface IDigitalSignatureProvider
{
    /// <summary>
    /// The signer's signing certificates (credentials). Fails with <see cref="VendorFailureCodes.UnknownSigner"/>
    /// when the vendor knows no signer by <paramref name="signerId"/>.
    /// </summary>
    /// <param name="signerId">The signer at the vendor: their 12-digit personal ID for VNPT SmartCA and FPT, the user ID for Viettel MySign.</param>
    /// <param name="cancellationToken">Stops waiting for the vendor.</param>
    Task<VendorResult<IReadOnlyList<SignerCertificate>>> ListCertificatesAsync(string signerId, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the signer to sign a hash. Answers at once with a <see cref="SigningStatus.Pending"/> transaction
    /// (never waits for the signer). The same <see cref="SignHashRequest.RequestId"/> again returns the same
    /// transaction instead of asking twice. A hash whose length does not fit its algorithm fails with
    /// <see cref="VendorFailureCodes.InvalidHash"/>.
    /// </summary>
    Task<VendorResult<SigningTransaction>> RequestSignatureAsync(SignHashRequest request, CancellationToken cancellationToken);

    /// <summary>Where a signing transaction stands now; <see cref="VendorFailureCodes.NotFound"/> for an unknown id.</summary>
    Task<VendorResult<SigningTransaction>> GetTransactionAsync(string transactionId, CancellationToken cancellationToken);

    /// <summary>
    /// The DER-encoded CMS/PKCS#7 detached signature of a <see cref="SigningStatus.Completed"/> transaction;
    /// <see cref="VendorFailureCodes.NotCompleted"/> while pending or when rejected or expired.
    /// </summary>
    Task<VendorResult<DetachedSignature>> GetSignatureAsync(string transactionId, CancellationToken cancellationToken);
}

/// <summary>One of a signer's signing certificates at the vendor.</summary>
/// <param name="CredentialId">The vendor's id of the credential (CSC credentialID, SmartCA serial), to name it when signing.</param>
/// <param name="SignerId">Whose certificate this is.</param>
/// <param name="Subject">The certificate's subject distinguished name.</param>
/// <param name="Issuer">The issuing CA's distinguished name.</param>
/// <param name="SerialNumber">Hexadecimal serial number.</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="Certificate">The DER-encoded signer certificate.</param>
/// <param name="Chain">DER-encoded certificates from the issuing CA up to the root, in that order.</param>
public sealed record SignerCertificate(
    string CredentialId,
    string SignerId,
    string Subject,
    string Issuer,
    string SerialNumber,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    ReadOnlyMemory<byte> Certificate,
    IReadOnlyList<ReadOnlyMemory<byte>> Chain);

/// <summary>A request to sign one document's hash.</summary>
/// <param name="RequestId">The caller's idempotency key: the same id returns the same transaction.</param>
/// <param name="SignerId">Who signs (see <see cref="IDigitalSignatureProvider.ListCertificatesAsync"/>).</param>
/// <param name="CredentialId">Which of the signer's certificates; null for the signer's only or default one.</param>
/// <param name="Hash">The digest of the document, computed by the caller.</param>
/// <param name="DigestAlgorithm">SHA256, SHA384 or SHA512.</param>
/// <param name="DocumentName">What the signer sees on the phone, e.g. "Kết quả hồ sơ 00004-261129-0001.pdf".</param>
public sealed record SignHashRequest(
    string RequestId,
    string SignerId,
    string? CredentialId,
    ReadOnlyMemory<byte> Hash,
    HashAlgorithmName DigestAlgorithm,
    string DocumentName)
{
    /// <summary>The hash length in bytes the algorithm produces, or null for an algorithm remote signing does not offer.</summary>
    public static int? HashLength(HashAlgorithmName algorithm) =>
        algorithm == HashAlgorithmName.SHA256 ? 32
        : algorithm == HashAlgorithmName.SHA384 ? 48
        : algorithm == HashAlgorithmName.SHA512 ? 64
        : null;

    /// <summary>True when <see cref="Hash"/> has the length its <see cref="DigestAlgorithm"/> produces.</summary>
    public bool HasValidHash => HashLength(DigestAlgorithm) == Hash.Length;
}

/// <summary>Where a signing transaction stands.</summary>
public enum SigningStatus
{
    /// <summary>Waiting for the signer to confirm on their device.</summary>
    Pending,

    /// <summary>Signed; the signature can be fetched.</summary>
    Completed,

    /// <summary>The signer refused.</summary>
    Rejected,

    /// <summary>The signer did not answer before <see cref="SigningTransaction.ExpiresAt"/>.</summary>
    Expired,
}

/// <summary>A signing transaction at the vendor.</summary>
/// <param name="TransactionId">The vendor's transaction id (SmartCA tranId, CSC SAD reference).</param>
/// <param name="RequestId">The caller's request id it answers.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ExpiresAt">When a pending transaction expires.</param>
/// <param name="Reason">Why it was rejected or expired, when the vendor says.</param>
public sealed record SigningTransaction(
    string TransactionId,
    string RequestId,
    SigningStatus Status,
    DateTimeOffset ExpiresAt,
    string? Reason = null);

/// <summary>A completed signature.</summary>
/// <param name="TransactionId">The transaction it completes.</param>
/// <param name="Cms">DER-encoded CMS/PKCS#7 SignedData, detached (no content).</param>
/// <param name="SignedAt">The signing time the vendor put in the signed attributes.</param>
public sealed record DetachedSignature(string TransactionId, ReadOnlyMemory<byte> Cms, DateTimeOffset SignedAt);
