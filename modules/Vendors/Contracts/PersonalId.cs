using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HanoiEgov.Vendors;

/// <summary>
/// The 12-digit personal ID (số định danh cá nhân, printed on the CCCD card): a 3-digit code of the province where
/// the birth was registered (001-096), a digit for gender and century, the last two digits of the birth year and
/// 6 random digits. The one rule the platform and every vendor module share.
/// </summary>
/// <param name="Value">The 12 digits.</param>
/// <param name="ProvinceCode">The 3-digit province code of the birth registration (001 is Hà Nội).</param>
/// <param name="IsFemale">The gender the ID encodes.</param>
/// <param name="BirthYear">The birth year the ID encodes (century from the gender digit).</param>
public sealed record PersonalId(string Value, string ProvinceCode, bool IsFemale, int BirthYear)
{
    /// <summary>What is wrong with a malformed ID, in words a form can show next to the field.</summary>
    public const string Rule = "Must be a 12-digit personal ID (CCCD): province of birth registration (001-096), gender and century, year, 6 digits.";

    /// <summary>True when <paramref name="value"/> has the shape of a personal ID.</summary>
    public static bool IsValid([NotNullWhen(true)] string? value) => TryParse(value, out _);

    /// <summary>Reads a personal ID; false when it is not 12 digits, the province is not 001-096 or the year is after this year.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out PersonalId? personalId)
    {
        personalId = null;
        if (value is not { Length: 12 } || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var province = int.Parse(value.AsSpan(0, 3), CultureInfo.InvariantCulture);
        if (province is < 1 or > 96)
        {
            return false;
        }

        var genderCentury = value[3] - '0';
        var year = 1900 + (genderCentury / 2 * 100) + int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture);
        if (year > DateTime.UtcNow.Year)
        {
            return false;
        }

        personalId = new PersonalId(value, value[..3], genderCentury % 2 == 1, year);
        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;
}
