using System.Security.Cryptography;

namespace HanoiEgov.VendorSandbox.Signing;

/// <summary>The digest algorithms remote signing offers, told apart by the length of the hash given.</summary>
internal static class HashAlgorithms
{
    public static HashAlgorithmName? ForLength(int length) => length switch
    {
        32 => HashAlgorithmName.SHA256,
        48 => HashAlgorithmName.SHA384,
        64 => HashAlgorithmName.SHA512,
        _ => null,
    };
}
