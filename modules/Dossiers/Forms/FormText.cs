using System.Globalization;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;

namespace HanoiEgov.Modules.Dossiers.Forms;

/// <summary>The agency a form is issued by, as the city's agency directory names it, and how its forms name it.</summary>
/// <param name="Authority">The body that decides, e.g. "Ủy ban nhân dân Phường Ba Đình".</param>
/// <param name="HeaderAuthority">The header's first block, broken into lines as official headers are.</param>
/// <param name="HeaderIssuer">The header's second, bold block: the unit that issues the form.</param>
/// <param name="Counter">The one-stop counter that receives dossiers and hands out results.</param>
internal sealed record FormAgency(string Code, string Name, string Authority, string HeaderAuthority, string HeaderIssuer, string Counter)
{
    /// <summary>The city whose agencies the directory lists; its forms are dated there.</summary>
    public const string Place = "Hà Nội";

    private const string CityCommittee = "Ủy ban nhân dân\nthành phố Hà Nội";

    public static FormAgency Of(string code, Agency? agency) => agency switch
    {
        { Level: AgencyLevels.Commune } => new(code, agency.Name, $"Ủy ban nhân dân {agency.Name}", $"Ủy ban nhân dân\n{agency.Name}",
            "Trung tâm Phục vụ\nhành chính công", $"Trung tâm Phục vụ hành chính công {agency.Name}"),
        not null => new(code, agency.Name, agency.Name, CityCommittee, agency.Name, $"Bộ phận Một cửa {agency.Name}"),
        null => new(code, $"Đơn vị {code}", $"Đơn vị {code}", CityCommittee, $"Đơn vị {code}", $"Bộ phận Một cửa đơn vị {code}"),
    };
}

/// <summary>How the forms write times, money, channels and roles in Vietnamese; statuses and steps are named by <see cref="DossierVocabulary"/>.</summary>
internal static class FormText
{
    public static string Moment(DateTimeOffset instant)
    {
        var local = instant.ToOffset(VietnamTime.Offset);
        return local.ToString("HH 'giờ' mm 'phút', 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);
    }

    public static string Day(DateOnly day) => day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset instant) => Day(VietnamTime.DayOf(instant));

    /// <summary>"Hà Nội, ngày 29 tháng 11 năm 2026".</summary>
    public static string PlaceAndDate(string place, DateTimeOffset instant)
    {
        var day = VietnamTime.DayOf(instant);
        return string.Create(CultureInfo.InvariantCulture, $"{place}, ngày {day.Day:00} tháng {day.Month:00} năm {day.Year}");
    }

    public static string Money(long dong) => $"{dong.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.')} đồng";

    public static string ProcessingTime(ProcessingTime time) => time switch
    {
        { SameDay: true, CutOff: { } cutOff } => $"trong ngày làm việc (hồ sơ nhận trước {cutOff.ToString("HH 'giờ' mm", CultureInfo.InvariantCulture)})",
        { SameDay: true } => "trong ngày làm việc",
        { WorkingDays: { } days, CutOff: { } cutOff } =>
            string.Create(CultureInfo.InvariantCulture, $"{days:00} ngày làm việc (hồ sơ nhận sau {cutOff.ToString("HH 'giờ' mm", CultureInfo.InvariantCulture)} tính từ ngày làm việc tiếp theo)"),
        { WorkingDays: { } days } => string.Create(CultureInfo.InvariantCulture, $"{days:00} ngày làm việc"),
        _ => "theo quy định",
    };

    public static string Channel(string channel) => channel == Channels.Online ? "trực tuyến" : "trực tiếp tại Bộ phận Một cửa";

    public static string Role(string role) => role switch
    {
        PlatformRoles.Citizen => "Người nộp hồ sơ",
        PlatformRoles.OneStopClerk => "Công chức Bộ phận Một cửa",
        PlatformRoles.Official => "Công chức giải quyết",
        PlatformRoles.Head => "Lãnh đạo",
        _ => "Hệ thống",
    };
}
