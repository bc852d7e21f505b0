using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace HanoiEgov.Modules.Dossiers.Anchoring;

/// <summary>
/// The platform's own anchoring key (ECDSA P-256) and its self-signed certificate, in one PEM file readable by the
/// owner only. Generated at first start when missing; two replicas starting together keep whichever file was
/// written first. Its certificate is published to <c>certificates/</c>, which verifiers trust.
/// </summary>
internal sealed class AnchorKey : IDisposable
{
    private AnchorKey(X509Certificate2 certificate) => Certificate = certificate;

    public X509Certificate2 Certificate { get; }

    public static AnchorKey LoadOrCreate(string keyPath, string certificatesDirectory, TimeProvider time)
    {
        if (!File.Exists(keyPath))
        {
            Create(keyPath, time);
        }

        var certificate = X509Certificate2.CreateFromPemFile(keyPath);
        Directory.CreateDirectory(certificatesDirectory);
        var published = Path.Combine(certificatesDirectory, certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant() + ".pem");
        if (!File.Exists(published))
        {
            WriteOnce(published, certificate.ExportCertificatePem() + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return new AnchorKey(certificate);
    }

    /// <summary>A detached CMS signature over <paramref name="root"/>, with the signing time and the platform's certificate.</summary>
    public byte[] Sign(byte[] root, DateTimeOffset at)
    {
        var signed = new SignedCms(new ContentInfo(root), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, Certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(at.UtcDateTime));
        signed.ComputeSignature(signer, silent: true);
        return signed.Encode();
    }

    public void Dispose() => Certificate.Dispose();

    private static void Create(string keyPath, TimeProvider time)
    {
        var now = time.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCountryOrRegion("VN");
        subject.AddOrganizationName("HanoiEgov Platform");
        subject.AddCommonName($"HanoiEgov dossier anchoring {now:yyyy-MM-dd}");
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyPath))!);
        WriteOnce(keyPath, certificate.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem() + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    /// <summary>Writes the file unless another process wrote it first, in which case theirs stays.</summary>
    private static void WriteOnce(string path, string content, UnixFileMode mode)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, mode);
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
