using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Vendors;

/// <summary>
/// Signs with a development CA made in memory at start (root, issuing CA, one certificate per demo signer, ECDSA
/// P-256). The signer "confirms" by itself at the first status check when <see cref="NullVendorOptions.AutoConfirmSigning"/>;
/// tests confirm, reject or let requests expire through <see cref="Confirm"/>, <see cref="Reject"/> and the clock.
/// </summary>
internal sealed partial class NullDigitalSignatureProvider : IDigitalSignatureProvider, IDisposable
{
    private readonly NullVendorState state;
    private readonly TimeProvider time;
    private readonly ILogger<NullDigitalSignatureProvider> logger;
    private readonly NullVendorOptions options;
    private readonly X509Certificate2 root;
    private readonly X509Certificate2 issuer;
    private readonly ConcurrentDictionary<string, X509Certificate2> signers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Transaction> byRequest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Transaction> byId = new(StringComparer.Ordinal);

    public NullDigitalSignatureProvider(NullVendorState state, TimeProvider time, IOptions<NullVendorOptions> options, ILogger<NullDigitalSignatureProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.state = state;
        this.time = time;
        this.logger = logger;
        this.options = options.Value;
        var now = time.GetUtcNow();
        root = CreateCertificate("CN=HanoiEgov Development Root CA, O=HanoiEgov.Platform (development only), C=VN", null, now.AddDays(-1), now.AddYears(10), isCa: true);
        issuer = CreateCertificate("CN=HanoiEgov Development Issuing CA, O=HanoiEgov.Platform (development only), C=VN", root, now.AddDays(-1), now.AddYears(5), isCa: true);
    }

    /// <summary>The development root; a signature of this provider verifies against it and nothing else.</summary>
    public X509Certificate2 Root => root;

    public Task<VendorResult<IReadOnlyList<SignerCertificate>>> ListCertificatesAsync(string signerId, CancellationToken cancellationToken)
    {
        if (state.Unavailable is { } unavailable)
        {
            return Task.FromResult(VendorResult.Fail<IReadOnlyList<SignerCertificate>>(unavailable));
        }

        return Task.FromResult(SignerOf(signerId) is { } certificate
            ? VendorResult.Success<IReadOnlyList<SignerCertificate>>([Describe(signerId, certificate)])
            : VendorResult.Fail<IReadOnlyList<SignerCertificate>>(new VendorFailure(VendorFailureCodes.UnknownSigner, $"No signer {signerId} at the development vendor.")));
    }

    public Task<VendorResult<SigningTransaction>> RequestSignatureAsync(SignHashRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Task.FromResult(Request(request));
    }

    private VendorResult<SigningTransaction> Request(SignHashRequest request)
    {
        if (state.Unavailable is { } unavailable)
        {
            return unavailable;
        }

        if (string.IsNullOrWhiteSpace(request.RequestId) || string.IsNullOrWhiteSpace(request.DocumentName))
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidRequest, "requestId and documentName are required.");
        }

        if (!request.HasValidHash)
        {
            return VendorFailure.Invalid(VendorFailureCodes.InvalidHash, $"hash: a {request.DigestAlgorithm.Name} hash of {SignHashRequest.HashLength(request.DigestAlgorithm)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an offered length"} bytes is needed (SHA256, SHA384 or SHA512), not {request.Hash.Length} bytes.");
        }

        if (SignerOf(request.SignerId) is not { } certificate || (request.CredentialId is not null && request.CredentialId != certificate.SerialNumber))
        {
            return VendorFailure.Invalid(VendorFailureCodes.UnknownSigner, $"No signer {request.SignerId} with credential {request.CredentialId ?? "(default)"} at the development vendor.");
        }

        var transaction = byRequest.GetOrAdd(request.RequestId, _ => new Transaction(Guid.NewGuid().ToString("N"), request, certificate, time.GetUtcNow() + options.SigningTimeout));
        if (transaction.Request.SignerId != request.SignerId || !transaction.Request.Hash.Span.SequenceEqual(request.Hash.Span))
        {
            return VendorFailure.Invalid(VendorFailureCodes.IdempotencyConflict, $"Request {request.RequestId} was used before for another hash or signer.");
        }

        if (byId.TryAdd(transaction.Id, transaction))
        {
            var signer = DemoPeople.Mask(request.SignerId);
            LogRequested(logger, transaction.Id, signer, request.DocumentName);
        }

        return transaction.Snapshot(time.GetUtcNow());
    }

    public Task<VendorResult<SigningTransaction>> GetTransactionAsync(string transactionId, CancellationToken cancellationToken)
    {
        if (state.Unavailable is { } unavailable)
        {
            return Task.FromResult<VendorResult<SigningTransaction>>(unavailable);
        }

        if (!byId.TryGetValue(transactionId ?? "", out var transaction))
        {
            return Task.FromResult<VendorResult<SigningTransaction>>(VendorFailure.NotFound($"No signing transaction {transactionId}."));
        }

        if (options.AutoConfirmSigning)
        {
            Confirm(transaction.Id);
        }

        return Task.FromResult<VendorResult<SigningTransaction>>(transaction.Snapshot(time.GetUtcNow()));
    }

    public Task<VendorResult<DetachedSignature>> GetSignatureAsync(string transactionId, CancellationToken cancellationToken)
    {
        if (state.Unavailable is { } unavailable)
        {
            return Task.FromResult<VendorResult<DetachedSignature>>(unavailable);
        }

        if (!byId.TryGetValue(transactionId ?? "", out var transaction))
        {
            return Task.FromResult<VendorResult<DetachedSignature>>(VendorFailure.NotFound($"No signing transaction {transactionId}."));
        }

        var snapshot = transaction.Snapshot(time.GetUtcNow());
        return Task.FromResult<VendorResult<DetachedSignature>>(snapshot.Status == SigningStatus.Completed
            ? new DetachedSignature(transaction.Id, transaction.Cms!, transaction.SignedAt!.Value)
            : VendorFailure.Invalid(VendorFailureCodes.NotCompleted, $"Transaction {transaction.Id} is {snapshot.Status}, not completed."));
    }

    /// <summary>The signer confirms on their "phone": the hash is signed now. False if it is no longer pending.</summary>
    public bool Confirm(string transactionId)
    {
        if (!byId.TryGetValue(transactionId, out var transaction))
        {
            return false;
        }

        lock (transaction)
        {
            var now = time.GetUtcNow();
            if (transaction.Snapshot(now).Status != SigningStatus.Pending)
            {
                return false;
            }

            transaction.Cms = CmsHashSignature.Create(transaction.Request.Hash.Span, transaction.Request.DigestAlgorithm, transaction.Signer, [issuer, root], now);
            transaction.SignedAt = now;
            transaction.Status = SigningStatus.Completed;
            return true;
        }
    }

    /// <summary>The signer refuses on their "phone". False if it is no longer pending.</summary>
    public bool Reject(string transactionId)
    {
        if (!byId.TryGetValue(transactionId, out var transaction))
        {
            return false;
        }

        lock (transaction)
        {
            if (transaction.Snapshot(time.GetUtcNow()).Status != SigningStatus.Pending)
            {
                return false;
            }

            transaction.Status = SigningStatus.Rejected;
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var certificate in signers.Values.Append(issuer).Append(root))
        {
            certificate.Dispose();
        }
    }

    private X509Certificate2? SignerOf(string? signerId)
    {
        if (signerId is null || !DemoPeople.Signers.TryGetValue(signerId, out var name))
        {
            return null;
        }

        var now = time.GetUtcNow();
        return signers.GetOrAdd(signerId, _ => CreateCertificate($"CN={name}, UID={signerId}, O=HanoiEgov.Platform (development only), C=VN", issuer, now.AddDays(-1), now.AddYears(2), isCa: false));
    }

    private SignerCertificate Describe(string signerId, X509Certificate2 certificate) =>
        new(certificate.SerialNumber, signerId, certificate.Subject, certificate.Issuer, certificate.SerialNumber, certificate.NotBefore.ToUniversalTime(), certificate.NotAfter.ToUniversalTime(),
            certificate.RawData, [issuer.RawData, root.RawData]);

    private static X509Certificate2 CreateCertificate(string subject, X509Certificate2? signedBy, DateTimeOffset notBefore, DateTimeOffset notAfter, bool isCa)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, false, 0, isCa));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            isCa ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (signedBy is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(signedBy, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issuerKey = signedBy.GetECDsaPrivateKey()!;
        using var issued = request.Create(signedBy.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development signing request {TransactionId} for signer {Signer}: {Document}")]
    private static partial void LogRequested(ILogger logger, string transactionId, string signer, string document);

    private sealed class Transaction(string id, SignHashRequest request, X509Certificate2 signer, DateTimeOffset expiresAt)
    {
        public string Id => id;

        public SignHashRequest Request => request;

        public X509Certificate2 Signer => signer;

        public SigningStatus Status { get; set; } = SigningStatus.Pending;

        public byte[]? Cms { get; set; }

        public DateTimeOffset? SignedAt { get; set; }

        public SigningTransaction Snapshot(DateTimeOffset now) =>
            Status == SigningStatus.Pending && now >= expiresAt
                ? new SigningTransaction(id, request.RequestId, SigningStatus.Expired, expiresAt, "The signer did not confirm in time.")
                : new SigningTransaction(id, request.RequestId, Status, expiresAt, Status == SigningStatus.Rejected ? "The signer refused." : null);
    }
}
