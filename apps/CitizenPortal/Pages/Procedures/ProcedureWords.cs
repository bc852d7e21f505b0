using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;

namespace HanoiEgov.CitizenPortal.Pages.Procedures;

/// <summary>How the catalogue's codes read to a citizen.</summary>
internal static class ProcedureWords
{
    public static string Level(string level) => level switch
    {
        "commune" => Words.L("Cấp xã", "Commune level"),
        "city" => Words.L("Cấp thành phố", "City level"),
        _ => level,
    };

    public static string ServiceLevel(string level) => level switch
    {
        "full-online" => Words.L("Dịch vụ công trực tuyến toàn trình", "Fully online"),
        "partly-online" => Words.L("Dịch vụ công trực tuyến một phần", "Partly online"),
        _ => Words.L("Cung cấp thông tin", "Information only"),
    };

    public static string Time(ProcessingTime time) => time switch
    {
        { SameDay: true, CutOff: { } cutOff } => Words.L($"Trong ngày (nộp trước {cutOff:HH\\:mm})", $"Same day (before {cutOff:HH\\:mm})"),
        { SameDay: true } => Words.L("Trong ngày", "Same day"),
        { WorkingDays: { } days, CutOff: { } cutOff } =>
            Words.L($"{days} ngày làm việc (nộp sau {cutOff:HH\\:mm} tính từ ngày làm việc tiếp theo)", $"{days} working days (after {cutOff:HH\\:mm}, from the next working day)"),
        { WorkingDays: { } days } => Words.L($"{days} ngày làm việc", $"{days} working days"),
        _ => "",
    };

    public static bool Online(string level) => level is "full-online" or "partly-online";
}
