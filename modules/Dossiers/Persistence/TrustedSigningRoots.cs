using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>
/// The root certificates a result's signature must chain to: <c>Dossiers:Signing:TrustedRoots</c>, each entry a PEM
/// certificate or the path of a PEM file (read at every check, so a CA that appears after start, such as the
/// sandbox's, is trusted once its file exists). Nothing else is trusted, not even the machine's store.
/// </summary>
internal sealed class TrustedSigningRoots(IConfiguration configuration)
{
    public const string Section = "Dossiers:Signing:TrustedRoots";

    public X509Certificate2Collection Load()
    {
        var roots = new X509Certificate2Collection();
        foreach (var entry in configuration.GetSection(Section).GetChildren().Select(child => child.Value).OfType<string>())
        {
            var pem = entry.Contains("-----BEGIN", StringComparison.Ordinal) ? entry : File.Exists(entry) ? File.ReadAllText(entry) : null;
            if (pem is null)
            {
                continue;
            }

            try
            {
                roots.ImportFromPem(pem);
            }
            catch (CryptographicException)
            {
                // An unreadable entry trusts nothing; the verification then says which certificate is untrusted.
            }
        }

        return roots;
    }
}
