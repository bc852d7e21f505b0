using System.Globalization;

namespace HanoiEgov.PortalShell;

/// <summary>The portals speak Vietnamese first; English when the user switched to it. Each text is written in both, side by side.</summary>
public static class Words
{
    private static readonly CultureInfo Vietnamese = new("vi-VN");

    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string L(string vietnamese, string english) => English ? english : vietnamese;

    /// <summary>A time in Vietnam's time zone as people there write it: 14:30 ngày 05/03/2026.</summary>
    public static string Time(DateTimeOffset time)
    {
        var local = time.ToOffset(TimeSpan.FromHours(7));
        return English
            ? local.ToString("HH:mm 'on' d MMM yyyy", CultureInfo.InvariantCulture)
            : local.ToString("HH:mm 'ngày' dd/MM/yyyy", Vietnamese);
    }

    public static string Day(DateTimeOffset time) =>
        time.ToOffset(TimeSpan.FromHours(7)).ToString(English ? "d MMM yyyy" : "dd/MM/yyyy", English ? CultureInfo.InvariantCulture : Vietnamese);

    public static string Day(DateOnly day) =>
        day.ToString(English ? "ddd d MMM yyyy" : "dddd, dd/MM/yyyy", English ? CultureInfo.InvariantCulture : Vietnamese);

    /// <summary>An amount in đồng: 20.000 đ.</summary>
    public static string Money(long amountVnd) => amountVnd == 0 ? L("Miễn phí", "Free") : $"{amountVnd.ToString("#,0", Vietnamese)} đ";

    public static string FileSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{(bytes / 1024.0).ToString("0.#", English ? CultureInfo.InvariantCulture : Vietnamese)} KB",
        _ => $"{(bytes / (1024.0 * 1024)).ToString("0.#", English ? CultureInfo.InvariantCulture : Vietnamese)} MB",
    };
}
