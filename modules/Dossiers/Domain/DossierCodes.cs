using System.Globalization;

namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>Dossier codes (Circular 01/2018 art. 19): receiving agency, receipt date, 4-digit daily sequence.</summary>
internal static class DossierCodes
{
    /// <summary>The last number of a day: the code's sequence has four digits.</summary>
    public const int LastNumber = 9999;

    public static string Format(string agency, DateOnly day, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, LastNumber);
        return $"{agency}-{day.ToString("yyMMdd", CultureInfo.InvariantCulture)}-{number.ToString("0000", CultureInfo.InvariantCulture)}";
    }
}
