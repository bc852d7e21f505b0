namespace HanoiEgov.PortalShell.Platform;

/// <summary>The words for who did a step (a citizen reads the role and the agency, never an internal account id) and for the forms.</summary>
public static class DossierWords
{
    /// <summary>The <c>Idempotency-Key</c> of a step: the same step asked again at the same version is the same step.</summary>
    public static IReadOnlyDictionary<string, string> StepKey(string action, int expectedVersion) =>
        new Dictionary<string, string> { ["Idempotency-Key"] = $"{action}-v{expectedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)}" };

    public static string Who(Actor actor, string? agencyName, bool forOfficials = false) => actor.Role switch
    {
        "citizen" => forOfficials ? Words.L("Công dân (người nộp)", "Citizen (applicant)") : Words.L("Bạn (công dân)", "You (citizen)"),
        "one-stop-clerk" => Words.L($"Cán bộ một cửa{At(agencyName)}", $"One-stop clerk{At(agencyName)}"),
        "official" => Words.L($"Cán bộ xử lý{At(agencyName)}", $"Official{At(agencyName)}"),
        "head" => Words.L($"Lãnh đạo{At(agencyName)}", $"Head{At(agencyName)}"),
        "payment-gateway" => Words.L("Cổng thanh toán", "Payment gateway"),
        _ => Words.L("Hệ thống", "The system"),
    };

    public static string Channel(string channel) => channel == "online" ? Words.L("Trực tuyến", "Online") : Words.L("Tại quầy một cửa", "At the one-stop counter");

    public static string FormName(string form) => form switch
    {
        "01" => Words.L("Mẫu 01 – Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Form 01 – Receipt and appointment"),
        "02" => Words.L("Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Form 02 – Request to supplement"),
        "03" => Words.L("Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Form 03 – Refusal"),
        "04" => Words.L("Mẫu 04 – Phiếu xin lỗi và hẹn lại ngày trả kết quả", "Form 04 – Apology and new appointment"),
        "05" => Words.L("Mẫu 05 – Thông báo dừng xử lý hồ sơ", "Form 05 – Notice of stopped processing"),
        "06" => Words.L("Mẫu 06 – Phiếu kiểm soát quá trình giải quyết hồ sơ", "Form 06 – Processing control sheet"),
        _ => Words.L($"Mẫu {form}", $"Form {form}"),
    };

    private static string At(string? agencyName) => agencyName is null ? "" : $" – {agencyName}";
}
