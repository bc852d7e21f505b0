using System.Globalization;

namespace HanoiEgov.BuildingBlocks;

/// <summary>
/// The 12-digit personal identification number (số định danh cá nhân, on the CCCD card; Decree 137/2015 as amended,
/// Circular 59/2021/TT-BCA): the code of the province where the birth was registered (the 63 codes of the provinces
/// before the 2025 merger), a digit for gender and century, the last two digits of the birth year, six random digits.
/// </summary>
public static class PersonalId
{
    private static readonly HashSet<int> ProvinceCodes =
    [
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49,
        51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    ];

    public static bool IsValid(string? value, DateOnly today) => Problem(value, today) is null;

    /// <summary>What is wrong with <paramref name="value"/> as a personal ID issued by <paramref name="today"/>, or null.</summary>
    public static string? Problem(string? value, DateOnly today)
    {
        if (value is not { Length: 12 } || !value.All(char.IsAsciiDigit))
        {
            return "Must be exactly 12 digits.";
        }

        var province = int.Parse(value.AsSpan(0, 3), CultureInfo.InvariantCulture);
        if (!ProvinceCodes.Contains(province))
        {
            return $"Digits 1-3 must be the code of a province where births are registered (001 Hà Nội … 096 Cà Mau), not {value[..3]}.";
        }

        // 0/1: born 1900-1999 (male/female), 2/3: 2000-2099, 4/5: 2100-2199, and so on.
        var century = 1900 + ((value[3] - '0') / 2 * 100);
        var year = century + int.Parse(value.AsSpan(4, 2), CultureInfo.InvariantCulture);
        return year > today.Year
            ? $"Digits 4-6 say born in {year}, which has not come yet."
            : null;
    }
}
