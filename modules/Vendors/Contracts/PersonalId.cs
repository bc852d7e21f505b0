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
    public const string Rule = "Must be a 12-digit personal ID (CCCD): province code of birth registration, gender and century, year, 6 digits.";

    // The 63 province codes of birth registration (Circular 07/2016/TT-BCA, before the 2025 merger).
    private static readonly HashSet<int> ProvinceCodes =
    [
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49,
        51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    ];

    /// <summary>True when <paramref name="value"/> has the shape of a personal ID.</summary>
    public static bool IsValid([NotNullWhen(true)] string? value) => TryParse(value, out _);

    /// <summary>Reads a personal ID; false when <see cref="Problem"/> finds something wrong with it today.</summary>
    public static bool TryParse([NotNullWhen(true)] string? value, [NotNullWhen(true)] out PersonalId? personalId)
    {
        personalId = null;
        if (Problem(value, DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7))) is not null)
        {
            return false;
        }

        var genderCentury = value![3] - '0';
        personalId = new PersonalId(value, value[..3], genderCentury % 2 == 1, BirthYearOf(value));
        return true;
    }

    /// <summary>What is wrong with <paramref name="value"/> as a personal ID on <paramref name="today"/>, in words a form can show; null when nothing is.</summary>
    public static string? Problem(string? value, DateOnly today)
    {
        if (value is not { Length: 12 } || !value.All(char.IsAsciiDigit))
        {
            return "Must be exactly 12 digits.";
        }

        if (!ProvinceCodes.Contains(int.Parse(value.AsSpan(0, 3), CultureInfo.InvariantCulture)))
        {
            return $"Digits 1-3 must be the code of a province where births are registered (001 Hà Nội … 096 Cà Mau), not {value[..3]}.";
        }

        var year = BirthYearOf(value);
        return year > today.Year ? $"Digits 4-6 say born in {year}, which has not come yet." : null;
    }

    /// <summary>
    /// The personal ID a registry issues to someone born in <paramref name="birthYear"/> whose birth
    /// <paramref name="provinceCode"/> registered (001 Hà Nội): the gender and century digit, the year's last two
    /// digits and <paramref name="serial"/> as the last six.
    /// </summary>
    public static PersonalId Issue(string provinceCode, bool isFemale, int birthYear, int serial)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(birthYear, 1900);
        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, 999_999);
        var genderCentury = ((birthYear - 1900) / 100 * 2) + (isFemale ? 1 : 0);
        var value = string.Create(CultureInfo.InvariantCulture, $"{provinceCode}{genderCentury}{birthYear % 100:00}{serial:000000}");
        return ProvinceCodes.Contains(int.Parse(provinceCode, CultureInfo.InvariantCulture)) && provinceCode.Length == 3
            ? new PersonalId(value, provinceCode, isFemale, birthYear)
            : throw new ArgumentException($"{provinceCode} is not a province code of birth registration.", nameof(provinceCode));
    }

    // 0/1: born 1900-1999 (male/female), 2/3: 2000-2099, 4/5: 2100-2199, and so on.
    private static int BirthYearOf(string value) =>
        1900 + ((value[3] - '0') / 2 * 100) + int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string ToString() => Value;
}
