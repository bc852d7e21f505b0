using System.Diagnostics.CodeAnalysis;

namespace HanoiEgov.Vendors;

/// <summary>Vietnamese mobile numbers as SMS gateways take them.</summary>
public static class VietnameseMobileNumber
{
    /// <summary>What a valid number looks like, for a field's error message.</summary>
    public const string Rule = "Must be a Vietnamese mobile number: 0 or +84 or 84, then 3, 5, 7, 8 or 9 and 8 more digits.";

    /// <summary>
    /// The number in international form without '+' (<c>84912345678</c>), as brandname SMS gateways want it;
    /// false when it is not a Vietnamese mobile number (0/84/+84, a mobile prefix 3, 5, 7, 8 or 9, then 8 digits).
    /// </summary>
    public static bool TryNormalize([NotNullWhen(true)] string? value, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var digits = value.Trim().Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal);
        var national = digits switch
        {
            _ when digits.StartsWith("+84", StringComparison.Ordinal) => digits[3..],
            _ when digits.StartsWith("84", StringComparison.Ordinal) && digits.Length == 11 => digits[2..],
            _ when digits.StartsWith('0') => digits[1..],
            _ => null,
        };
        if (national is not { Length: 9 } || !national.All(char.IsAsciiDigit) || national[0] is not ('3' or '5' or '7' or '8' or '9'))
        {
            return false;
        }

        normalized = "84" + national;
        return true;
    }
}
