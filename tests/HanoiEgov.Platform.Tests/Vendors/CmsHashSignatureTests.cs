using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using HanoiEgov.Vendors;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HanoiEgov.Platform.Tests.Vendors;

/// <summary>Signatures over a given hash are standard CMS: .NET's SignedCms and openssl verify them over the document.</summary>
[Trait("Category", "Unit")]
public sealed class CmsHashSignatureTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("cms-").FullName;

    [Fact]
    public async Task A_signature_of_the_development_provider_verifies_with_openssl_against_its_root_and_not_over_another_document()
    {
        using var provider = new NullDigitalSignatureProvider(new NullVendorState(false), TimeProvider.System, Options.Create(new NullVendorOptions()), NullLogger<NullDigitalSignatureProvider>.Instance);
        var document = RandomNumberGenerator.GetBytes(10_000);
        var cancellation = TestContext.Current.CancellationToken;
        var transaction = await provider.RequestSignatureAsync(
            new SignHashRequest("r1", "head.badinh", null, SHA256.HashData(document), HashAlgorithmName.SHA256, "ket-qua.pdf"), cancellation);
        Assert.Equal(SigningStatus.Completed, (await provider.GetTransactionAsync(transaction.Value!.TransactionId, cancellation)).Value!.Status);
        var signature = (await provider.GetSignatureAsync(transaction.Value.TransactionId, cancellation)).Value!;

        Assert.Equal(0, await OpensslVerifyAsync(signature.Cms.ToArray(), document, provider.Root));
        document[0] ^= 0xFF;
        Assert.NotEqual(0, await OpensslVerifyAsync(signature.Cms.ToArray(), document, provider.Root));
    }

    [Theory]
    [InlineData("RSA", "SHA256")]
    [InlineData("RSA", "SHA512")]
    [InlineData("ECDSA", "SHA384")]
    public async Task A_hash_signed_with_an_RSA_or_ECDSA_key_verifies_with_SignedCms_and_openssl(string keyType, string digest)
    {
        var algorithm = new HashAlgorithmName(digest);
        using var ca = TestAuthority.Create(keyType);
        var document = RandomNumberGenerator.GetBytes(5_000);
        var signingTime = DateTimeOffset.UtcNow.AddMinutes(-1);

        var cms = CmsHashSignature.Create(Hash(document, algorithm), algorithm, ca.Signer, [ca.Issuer, ca.Root], signingTime);

        var signed = new SignedCms(new ContentInfo(document), detached: true);
        signed.Decode(cms);
        signed.CheckSignature(verifySignatureOnly: true);
        var verification = CmsSignatureVerifier.Verify(cms, document, [ca.Root]);
        Assert.True(verification.IsValid, verification.Reason);
        Assert.Equal(ca.Signer.Subject, verification.Signer);
        Assert.Equal(signingTime.ToUnixTimeSeconds(), verification.SigningTime!.Value.ToUnixTimeSeconds());
        Assert.Equal([ca.Signer.Subject, ca.Issuer.Subject, ca.Root.Subject], verification.Chain);
        Assert.Equal(0, await OpensslVerifyAsync(cms, document, ca.Root));
    }

    [Fact]
    public void A_tampered_signature_a_foreign_root_and_garbage_are_reported_with_their_reason()
    {
        using var ca = TestAuthority.Create("RSA");
        using var other = TestAuthority.Create("RSA");
        var document = RandomNumberGenerator.GetBytes(1_000);
        var cms = CmsHashSignature.Create(SHA256.HashData(document), HashAlgorithmName.SHA256, ca.Signer, [ca.Issuer, ca.Root], DateTimeOffset.UtcNow);

        var tampered = (byte[])cms.Clone();
        tampered[^10] ^= 0x01;
        Assert.Equal(SignatureProblems.Tampered, CmsSignatureVerifier.Verify(tampered, document, [ca.Root]).Problem);
        var foreign = CmsSignatureVerifier.Verify(cms, document, [other.Root]);
        Assert.Equal(SignatureProblems.UntrustedCertificate, foreign.Problem);
        Assert.Contains("trusted root", foreign.Reason, StringComparison.Ordinal);
        Assert.Equal(SignatureProblems.Malformed, CmsSignatureVerifier.Verify([1, 2, 3], document, [ca.Root]).Problem);
    }

    [Fact]
    public void A_hash_that_does_not_fit_its_algorithm_is_a_programming_error()
    {
        using var ca = TestAuthority.Create("ECDSA");

        Assert.Throws<ArgumentException>(() => CmsHashSignature.Create(new byte[20], HashAlgorithmName.SHA256, ca.Signer, [], DateTimeOffset.UtcNow));
        Assert.Throws<ArgumentException>(() => CmsHashSignature.Create(new byte[20], HashAlgorithmName.SHA1, ca.Signer, [], DateTimeOffset.UtcNow));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static byte[] Hash(byte[] document, HashAlgorithmName algorithm) => algorithm.Name switch
    {
        "SHA256" => SHA256.HashData(document),
        "SHA384" => SHA384.HashData(document),
        _ => SHA512.HashData(document),
    };

    private async Task<int> OpensslVerifyAsync(byte[] cms, byte[] document, X509Certificate2 root)
    {
        var signature = Path.Combine(folder, "sig.p7s");
        var content = Path.Combine(folder, "doc");
        var rootFile = Path.Combine(folder, "root.pem");
        var cancellation = TestContext.Current.CancellationToken;
        await File.WriteAllBytesAsync(signature, cms, cancellation);
        await File.WriteAllBytesAsync(content, document, cancellation);
        await File.WriteAllTextAsync(rootFile, root.ExportCertificatePem(), cancellation);
        using var openssl = Process.Start(new ProcessStartInfo("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", content, "-CAfile", rootFile, "-out", "/dev/null"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var error = await openssl.StandardError.ReadToEndAsync(cancellation);
        await openssl.WaitForExitAsync(cancellation);
        Assert.True(openssl.ExitCode != 0 || error.Contains("Verification successful", StringComparison.Ordinal), error);
        return openssl.ExitCode;
    }

    /// <summary>A root, an issuing CA and a signer, as a vendor's CA issues them.</summary>
    private sealed class TestAuthority(X509Certificate2 root, X509Certificate2 issuer, X509Certificate2 signer) : IDisposable
    {
        public X509Certificate2 Root => root;

        public X509Certificate2 Issuer => issuer;

        public X509Certificate2 Signer => signer;

        public static TestAuthority Create(string keyType)
        {
            var now = DateTimeOffset.UtcNow;
            var root = Issue("CN=Test Root CA, O=Conformance, C=VN", keyType, null, now.AddDays(-1), now.AddYears(1), ca: true);
            var issuer = Issue("CN=Test Issuing CA, O=Conformance, C=VN", keyType, root, now.AddDays(-1), now.AddYears(1), ca: true);
            var signer = Issue("CN=Hoàng Quốc Hùng, O=Conformance, C=VN", keyType, issuer, now.AddDays(-1), now.AddDays(30), ca: false);
            return new TestAuthority(root, issuer, signer);
        }

        public void Dispose()
        {
            root.Dispose();
            issuer.Dispose();
            signer.Dispose();
        }

        private static X509Certificate2 Issue(string subject, string keyType, X509Certificate2? by, DateTimeOffset from, DateTimeOffset to, bool ca)
        {
            using AsymmetricAlgorithm key = keyType == "RSA" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = key is RSA rsa
                ? new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest(subject, (ECDsa)key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(ca, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(ca ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            if (by is null)
            {
                return request.CreateSelfSigned(from, to);
            }

            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(by, true, false));
            using var issued = request.Create(by, from, to, RandomNumberGenerator.GetBytes(12));
            return key is RSA withRsa ? issued.CopyWithPrivateKey(withRsa) : issued.CopyWithPrivateKey((ECDsa)key);
        }
    }
}
