using System.Globalization;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;

namespace HanoiEgov.Modules.Dossiers.Forms;

/// <summary>The agency a form is issued by, as the administrative-units catalogue names it.</summary>
internal sealed record FormAgency(string Code, string FullName, string Place)
{
    /// <summary>The people's committee the one-stop centre belongs to, e.g. "Ủy ban nhân dân Phường Ba Đình".</summary>
    public string Committee => $"Ủy ban nhân dân {FullName}";

    public const string Centre = "Trung tâm Phục vụ hành chính công";

    /// <summary>The header's two lines for the committee and for the centre, broken where official headers break them.</summary>
    public string HeaderCommittee => $"Ủy ban nhân dân\n{FullName}";

    public const string HeaderCentre = "Trung tâm Phục vụ\nhành chính công";

    public static FormAgency Unknown(string code) => new(code, $"Đơn vị {code}", "Việt Nam");
}

/// <summary>How the forms write times, money, statuses, steps and roles in Vietnamese.</summary>
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
        { WorkingDays: { } days } => string.Create(CultureInfo.InvariantCulture, $"{days:00} ngày làm việc"),
        _ => "theo quy định",
    };

    public static string Channel(string channel) => channel == Channels.Online ? "trực tuyến" : "trực tiếp tại Bộ phận Một cửa";

    public static string Status(DossierStatus status) => status switch
    {
        DossierStatus.NewlyRegistered => "Mới đăng ký",
        DossierStatus.Received => "Đã tiếp nhận",
        DossierStatus.Refused => "Từ chối tiếp nhận",
        DossierStatus.Processing => "Đang giải quyết",
        DossierStatus.SupplementRequested => "Chờ bổ sung hồ sơ",
        DossierStatus.PaymentRequested => "Chờ thanh toán phí, lệ phí",
        DossierStatus.Withdrawn => "Công dân rút hồ sơ",
        DossierStatus.ProcessingStopped => "Dừng giải quyết",
        DossierStatus.Processed => "Đã có kết quả",
        DossierStatus.ResultReturned => "Đã trả kết quả",
        _ => ((int)status).ToString(CultureInfo.InvariantCulture),
    };

    public static string Step(DossierAction action) => action switch
    {
        DossierAction.SubmitOnline => "Nộp hồ sơ trực tuyến",
        DossierAction.RegisterAtCounter => "Tiếp nhận hồ sơ tại Bộ phận Một cửa",
        DossierAction.Accept => "Tiếp nhận hồ sơ",
        DossierAction.Refuse => "Từ chối tiếp nhận hồ sơ",
        DossierAction.StartProcessing => "Chuyển hồ sơ giải quyết",
        DossierAction.RequestSupplement => "Yêu cầu bổ sung, hoàn thiện hồ sơ",
        DossierAction.ProvideSupplement => "Bổ sung hồ sơ",
        DossierAction.RequestPayment => "Yêu cầu thanh toán phí, lệ phí",
        DossierAction.ConfirmPayment => "Xác nhận đã thanh toán",
        DossierAction.StopProcessing => "Dừng giải quyết hồ sơ",
        DossierAction.Approve => "Phê duyệt kết quả",
        DossierAction.ReturnResult => "Trả kết quả",
        DossierAction.Withdraw => "Rút hồ sơ",
        DossierAction.MarkNearDue => "Cảnh báo sắp đến hạn",
        DossierAction.MarkOverdue => "Ghi nhận quá hạn",
        _ => action.ToString(),
    };

    public static string Role(string role) => role switch
    {
        PlatformRoles.Citizen => "Người nộp hồ sơ",
        PlatformRoles.OneStopClerk => "Công chức Bộ phận Một cửa",
        PlatformRoles.Official => "Công chức giải quyết",
        PlatformRoles.Head => "Lãnh đạo",
        _ => "Hệ thống",
    };
}
