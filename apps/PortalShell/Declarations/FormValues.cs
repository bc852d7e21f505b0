using System.Globalization;

namespace HanoiEgov.PortalShell.Declarations;

/// <summary>What a declaration's inputs hold, as the platform reads it: an empty input is no value, a date is yyyy-MM-dd.</summary>
internal static class FormValues
{
    public static DateOnly? DayOf(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
