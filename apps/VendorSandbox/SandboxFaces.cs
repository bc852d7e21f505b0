using System.Security.Cryptography.X509Certificates;
using HanoiEgov.VendorSandbox.Signing;

namespace HanoiEgov.VendorSandbox;

/// <summary>One vendor as the sandbox plays it: its path prefix and its own test certificate authority.</summary>
internal sealed record VendorFace(string Name, string Vendor, TestCertificateAuthority Authority);

/// <summary>The three faces, each with its CA loaded from (or generated into) <c>&lt;state&gt;/&lt;face&gt;/ca</c>.</summary>
internal sealed class SandboxFaces : IDisposable
{
    public const string Vnpt = "vnpt";
    public const string Viettel = "viettel";
    public const string Fpt = "fpt";

    private readonly Dictionary<string, VendorFace> faces;

    public SandboxFaces(SandboxOptions options, TimeProvider time)
    {
        faces = new[] { (Vnpt, "VNPT"), (Viettel, "Viettel"), (Fpt, "FPT") }
            .ToDictionary(
                face => face.Item1,
                face => new VendorFace(face.Item1, face.Item2, TestCertificateAuthority.LoadOrCreate(
                    Path.Combine(options.StateDirectory, face.Item1, "ca"), face.Item2, time)),
                StringComparer.Ordinal);
    }

    public IEnumerable<string> Names => faces.Keys;

    public VendorFace this[string name] => faces[name];

    public static string CredentialId(X509Certificate2 certificate) => certificate.SerialNumber.ToLowerInvariant();

    public void Dispose()
    {
        foreach (var face in faces.Values)
        {
            face.Authority.Dispose();
        }
    }
}
