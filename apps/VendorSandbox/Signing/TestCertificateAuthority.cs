using System.Collections.Concurrent;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HanoiEgov.VendorSandbox.Signing;

/// <summary>
/// One vendor's test certificate authority: a root, an issuing CA under it and a certificate per signer
/// (CN = the person's name, serialNumber = <c>CCCD:&lt;personal ID&gt;</c>). Generated at first start into its
/// folder and reused after, so signatures made in an earlier run still chain to the same root.
/// </summary>
internal sealed class TestCertificateAuthority : IDisposable
{
    private const string SerialNumberOid = "2.5.4.5";
    private static readonly Oid EmailProtection = new("1.3.6.1.5.5.7.3.4");
    private static readonly Oid DocumentSigning = new("1.3.6.1.5.5.7.3.36");
    private static readonly Oid TimeStamping = new("1.3.6.1.5.5.7.3.8");

    private readonly string directory;
    private readonly string vendor;
    private readonly TimeProvider time;
    private readonly ConcurrentDictionary<string, Lazy<X509Certificate2>> signers = new(StringComparer.Ordinal);

    private TestCertificateAuthority(string directory, string vendor, TimeProvider time, X509Certificate2 root, X509Certificate2 issuing)
    {
        this.directory = directory;
        this.vendor = vendor;
        this.time = time;
        Root = root;
        Issuing = issuing;
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Issuing { get; }

    public static TestCertificateAuthority LoadOrCreate(string directory, string vendor, TimeProvider time)
    {
        Directory.CreateDirectory(Path.Combine(directory, "signers"));
        var now = time.GetUtcNow();
        var root = LoadOrCreate(Path.Combine(directory, "root"), () =>
        {
            using var key = RSA.Create(3072);
            var request = new CertificateRequest(Name($"{vendor} Sandbox Root CA", vendor), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
        });
        var issuing = LoadOrCreate(Path.Combine(directory, "issuing"), () =>
        {
            using var key = RSA.Create(2048);
            var request = new CertificateRequest(Name($"{vendor} Sandbox Issuing CA", vendor), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
            using var issued = request.Create(root, now.AddDays(-1), now.AddYears(10), NewSerialNumber());
            return issued.CopyWithPrivateKey(key);
        });
        return new TestCertificateAuthority(directory, vendor, time, root, issuing);
    }

    /// <summary>The signer's certificate (with its private key), issued on first use.</summary>
    public X509Certificate2 SignerCertificate(string personalId, string fullName) =>
        signers.GetOrAdd(personalId, id => new Lazy<X509Certificate2>(() => LoadOrCreate(Path.Combine(directory, "signers", id), () =>
        {
            var now = time.GetUtcNow();
            using var key = RSA.Create(2048);
            var subject = new X500DistinguishedNameBuilder();
            subject.AddCountryOrRegion("VN");
            subject.AddOrganizationName($"{vendor} Sandbox subscribers");
            subject.Add(SerialNumberOid, $"CCCD:{id}", UniversalTagNumber.PrintableString);
            subject.AddCommonName(fullName);
            var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([EmailProtection, DocumentSigning], false));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Issuing, true, false));
            var notAfter = now.AddYears(3) < Issuing.NotAfter ? now.AddYears(3) : new DateTimeOffset(Issuing.NotAfter.ToUniversalTime());
            using var issued = request.Create(Issuing, now.AddHours(-1), notAfter, NewSerialNumber());
            return issued.CopyWithPrivateKey(key);
        }))).Value;

    /// <summary>
    /// The time-stamping authority's certificate (with its private key), issued on first use: its only extended key
    /// usage is timeStamping, marked critical, as RFC 3161 §2.3 asks of a TSA.
    /// </summary>
    public X509Certificate2 TimestampingCertificate() => LoadOrCreate(Path.Combine(directory, "tsa"), () =>
    {
        var now = time.GetUtcNow();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(Name($"{vendor} Time-Stamping Unit", vendor), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([TimeStamping], true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Issuing, true, false));
        var notAfter = now.AddYears(5) < Issuing.NotAfter ? now.AddYears(5) : new DateTimeOffset(Issuing.NotAfter.ToUniversalTime());
        using var issued = request.Create(Issuing, now.AddHours(-1), notAfter, NewSerialNumber());
        return issued.CopyWithPrivateKey(key);
    });

    /// <summary>The chain a verifier needs besides the signer's certificate, issuing CA first.</summary>
    public IReadOnlyList<X509Certificate2> Chain => [Issuing, Root];

    public void Dispose()
    {
        foreach (var signer in signers.Values.Where(signer => signer.IsValueCreated))
        {
            signer.Value.Dispose();
        }

        Issuing.Dispose();
        Root.Dispose();
    }

    private static X500DistinguishedName Name(string commonName, string vendor)
    {
        var name = new X500DistinguishedNameBuilder();
        name.AddCountryOrRegion("VN");
        name.AddOrganizationName($"{vendor} Sandbox (not a real CA)");
        name.AddCommonName(commonName);
        return name.Build();
    }

    private static byte[] NewSerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    /// <summary><c>path.pem</c> is the certificate, <c>path.key.pem</c> its key (readable by the owner only).</summary>
    private static X509Certificate2 LoadOrCreate(string path, Func<X509Certificate2> create)
    {
        var certificateFile = path + ".pem";
        var keyFile = path + ".key.pem";
        if (File.Exists(certificateFile) && File.Exists(keyFile))
        {
            return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
        }

        using var created = create();
        using var key = created.GetRSAPrivateKey() ?? throw new InvalidOperationException("Test CA keys are RSA.");
        WriteAtomically(keyFile, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteAtomically(certificateFile, created.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return X509Certificate2.CreateFromPemFile(certificateFile, keyFile);
    }

    private static void WriteAtomically(string path, string content, UnixFileMode mode)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, mode);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
