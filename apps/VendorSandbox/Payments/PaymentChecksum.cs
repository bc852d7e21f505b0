using System.Security.Cryptography;
using System.Text;

namespace HanoiEgov.VendorSandbox.Payments;

/// <summary>
/// The Viettel gateway's <c>check_sum</c>: HMAC-SHA256 with the merchant's hash key over the other fields,
/// sorted by name and joined as <c>name=value&amp;…</c>, in base64. Requests and callbacks both carry one.
/// </summary>
internal static class PaymentChecksum
{
    public const string Field = "check_sum";

    public static string Compute(string key, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var canonical = string.Join('&', fields
            .Where(field => field.Key != Field)
            .OrderBy(field => field.Key, StringComparer.Ordinal)
            .Select(field => $"{field.Key}={field.Value}"));
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(canonical)));
    }

    public static bool Verify(string key, IReadOnlyDictionary<string, string> fields) =>
        fields.TryGetValue(Field, out var given)
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), Encoding.ASCII.GetBytes(Compute(key, fields)));

    public static Dictionary<string, string> Signed(string key, Dictionary<string, string> fields)
    {
        fields[Field] = Compute(key, fields);
        return fields;
    }
}
