using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HanoiEgov.Vendors.ConformanceKit;

/// <summary>
/// The contract tests of <see cref="IDigitalSignatureProvider"/>. Subclass it in your test project, give the
/// provider under test and the hooks that play the signer's phone; every [Fact] here then runs against it.
/// </summary>
public abstract class DigitalSignatureProviderConformance : Conformance
{
    /// <summary>The provider under test (a new one per test, or one shared through a fixture).</summary>
    protected abstract IDigitalSignatureProvider Provider { get; }

    /// <summary>A signer the vendor knows, with at least one valid certificate.</summary>
    protected abstract string KnownSignerId { get; }

    /// <summary>A signer id the vendor does not know.</summary>
    protected virtual string UnknownSignerId => "096299999999";

    /// <summary>The signer confirms the transaction on their device.</summary>
    protected abstract Task ConfirmAsync(SigningTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The signer refuses the transaction on their device.</summary>
    protected abstract Task RejectAsync(SigningTransaction transaction, CancellationToken cancellationToken);

    /// <summary>The transaction runs out without an answer (advance the sandbox's clock, or wait out a short expiry).</summary>
    protected abstract Task ExpireAsync(SigningTransaction transaction, CancellationToken cancellationToken);

    /// <inheritdoc/>
    protected override async Task<VendorFailure?> ProbeAsync(CancellationToken cancellationToken) =>
        (await Provider.ListCertificatesAsync(KnownSignerId, cancellationToken)).Failure;

    /// <summary>Lists the known signer's certificates: readable, valid now, with the chain to the root.</summary>
    [Fact]
    public async Task Lists_the_certificates_of_a_known_signer_with_their_chain()
    {
        var certificates = Succeeds(await Provider.ListCertificatesAsync(KnownSignerId, Cancellation));

        Assert.NotEmpty(certificates);
        foreach (var listed in certificates)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(listed.Certificate.Span);
            Assert.Equal(listed.Subject, certificate.Subject);
            Assert.Equal(KnownSignerId, listed.SignerId);
            Assert.InRange(DateTimeOffset.UtcNow, listed.NotBefore, listed.NotAfter);
            Assert.NotEmpty(listed.Chain);
            Assert.False(string.IsNullOrWhiteSpace(listed.CredentialId));
        }
    }

    /// <summary>An unknown signer is a failure with a code, for listing and for signing.</summary>
    [Fact]
    public async Task An_unknown_signer_is_reported_with_the_unknown_signer_code()
    {
        FailsWith(VendorFailureCodes.UnknownSigner, await Provider.ListCertificatesAsync(UnknownSignerId, Cancellation));
        FailsWith(VendorFailureCodes.UnknownSigner, await Provider.RequestSignatureAsync(Request(Document(), UnknownSignerId), Cancellation));
    }

    /// <summary>Pending until the signer confirms; then the CMS signature verifies over the document with the signer's certificate.</summary>
    [Fact]
    public async Task A_hash_is_pending_until_the_signer_confirms_and_the_signature_then_verifies_over_the_document()
    {
        var document = Document();
        var transaction = Succeeds(await Provider.RequestSignatureAsync(Request(document), Cancellation));
        Assert.Equal(SigningStatus.Pending, transaction.Status);
        FailsWith(VendorFailureCodes.NotCompleted, await Provider.GetSignatureAsync(transaction.TransactionId, Cancellation));

        await ConfirmAsync(transaction, Cancellation);
        await WaitForAsync(transaction, SigningStatus.Completed);

        var signature = Succeeds(await Provider.GetSignatureAsync(transaction.TransactionId, Cancellation));
        var signer = Succeeds(await Provider.ListCertificatesAsync(KnownSignerId, Cancellation))[0];
        var verification = CmsSignatureVerifier.Verify(signature.Cms.Span, document, Roots(signer));
        Assert.True(verification.IsValid, verification.Reason);
        Assert.Equal(signer.Subject, verification.Signer);
        Assert.NotNull(verification.SigningTime);
        Assert.InRange(verification.SigningTime.Value, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    /// <summary>The signature is bound to the document and to the vendor's CA: another document or another root does not verify.</summary>
    [Fact]
    public async Task The_signature_does_not_verify_over_another_document_nor_against_another_root()
    {
        var document = Document();
        var transaction = Succeeds(await Provider.RequestSignatureAsync(Request(document), Cancellation));
        await ConfirmAsync(transaction, Cancellation);
        await WaitForAsync(transaction, SigningStatus.Completed);
        var signature = Succeeds(await Provider.GetSignatureAsync(transaction.TransactionId, Cancellation));
        var signer = Succeeds(await Provider.ListCertificatesAsync(KnownSignerId, Cancellation))[0];

        var altered = (byte[])document.Clone();
        altered[^1] ^= 0x01;
        Assert.Equal(SignatureProblems.Tampered, CmsSignatureVerifier.Verify(signature.Cms.Span, altered, Roots(signer)).Problem);

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherRoot = new CertificateRequest("CN=Another CA", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var untrusted = CmsSignatureVerifier.Verify(signature.Cms.Span, document, [otherRoot]);
        Assert.Equal(SignatureProblems.UntrustedCertificate, untrusted.Problem);
        Assert.False(untrusted.IsValid);
    }

    /// <summary>A refusal ends the transaction rejected, with no signature.</summary>
    [Fact]
    public async Task A_refused_request_ends_rejected_with_no_signature()
    {
        var transaction = Succeeds(await Provider.RequestSignatureAsync(Request(Document()), Cancellation));

        await RejectAsync(transaction, Cancellation);
        await WaitForAsync(transaction, SigningStatus.Rejected);

        FailsWith(VendorFailureCodes.NotCompleted, await Provider.GetSignatureAsync(transaction.TransactionId, Cancellation));
    }

    /// <summary>No answer in time: the transaction expires, with no signature, and confirming afterwards changes nothing.</summary>
    [Fact]
    public async Task An_unanswered_request_expires_and_cannot_be_confirmed_afterwards()
    {
        var transaction = Succeeds(await Provider.RequestSignatureAsync(Request(Document()), Cancellation));

        await ExpireAsync(transaction, Cancellation);
        await WaitForAsync(transaction, SigningStatus.Expired);
        try
        {
            await ConfirmAsync(transaction, Cancellation);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A sandbox may refuse the late confirmation outright; either way the transaction stays expired.
        }

        Assert.Equal(SigningStatus.Expired, Succeeds(await Provider.GetTransactionAsync(transaction.TransactionId, Cancellation)).Status);
        FailsWith(VendorFailureCodes.NotCompleted, await Provider.GetSignatureAsync(transaction.TransactionId, Cancellation));
    }

    /// <summary>A hash whose length does not fit its algorithm, or an algorithm not offered, is refused with a code.</summary>
    [Theory]
    [InlineData("SHA256", 31)]
    [InlineData("SHA256", 48)]
    [InlineData("SHA512", 32)]
    [InlineData("SHA1", 20)]
    [InlineData("MD5", 16)]
    public async Task A_hash_of_the_wrong_length_or_algorithm_is_refused_with_the_invalid_hash_code(string algorithm, int length)
    {
        var request = Request(Document()) with { Hash = new byte[length], DigestAlgorithm = new HashAlgorithmName(algorithm) };

        FailsWith(VendorFailureCodes.InvalidHash, await Provider.RequestSignatureAsync(request, Cancellation));
    }

    /// <summary>The same request id again is the same transaction: the signer is asked once.</summary>
    [Fact]
    public async Task The_same_request_id_returns_the_same_transaction()
    {
        var request = Request(Document());

        var first = Succeeds(await Provider.RequestSignatureAsync(request, Cancellation));
        var second = Succeeds(await Provider.RequestSignatureAsync(request, Cancellation));

        Assert.Equal(first.TransactionId, second.TransactionId);
        Assert.Equal(request.RequestId, second.RequestId);
    }

    /// <summary>An id the vendor never issued is not found.</summary>
    [Fact]
    public async Task An_unknown_transaction_is_not_found()
    {
        FailsWith(VendorFailureCodes.NotFound, await Provider.GetTransactionAsync("no-such-transaction-" + Guid.NewGuid().ToString("N"), Cancellation));
        FailsWith(VendorFailureCodes.NotFound, await Provider.GetSignatureAsync("no-such-transaction-" + Guid.NewGuid().ToString("N"), Cancellation));
    }

    /// <summary>A document of random bytes, different for each call.</summary>
    protected static byte[] Document() => RandomNumberGenerator.GetBytes(4096);

    /// <summary>A SHA-256 signing request for <paramref name="document"/>, by the known signer unless another is named.</summary>
    protected SignHashRequest Request(byte[] document, string? signerId = null) =>
        new(Guid.NewGuid().ToString("N"), signerId ?? KnownSignerId, null, SHA256.HashData(document), HashAlgorithmName.SHA256, "conformance-test.pdf");

    /// <summary>Polls the transaction until it has <paramref name="status"/>.</summary>
    protected async Task WaitForAsync(SigningTransaction transaction, SigningStatus status)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var last = transaction.Status;
        await Eventually(
            async () => (last = Succeeds(await Provider.GetTransactionAsync(transaction.TransactionId, Cancellation)).Status) == status,
            SettleWithin,
            $"transaction {transaction.TransactionId} becomes {status} (last seen {last})");
    }

    private static X509Certificate2Collection Roots(SignerCertificate signer) =>
        [X509CertificateLoader.LoadCertificate(signer.Chain[^1].Span)];
}
