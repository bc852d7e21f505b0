using HanoiEgov.PortalShell;

namespace HanoiEgov.OfficialsPortal.Pages.Dossiers;

/// <summary>What an action's button says, as a command (the vocabulary names recorded steps).</summary>
internal static class ActionWords
{
    public static string Button(string action) => action switch
    {
        "Accept" => Words.L("Tiếp nhận hồ sơ", "Accept the dossier"),
        "Refuse" => Words.L("Từ chối tiếp nhận", "Refuse the dossier"),
        "StartProcessing" => Words.L("Bắt đầu xử lý", "Start processing"),
        "RequestSupplement" => Words.L("Yêu cầu bổ sung hồ sơ", "Ask for a supplement"),
        "RequestPayment" => Words.L("Yêu cầu nộp phí, lệ phí", "Ask for the fees"),
        "ConfirmPayment" => Words.L("Xác nhận đã thu tiền mặt", "Record a cash payment"),
        "StopProcessing" => Words.L("Dừng xử lý", "Stop processing"),
        "Approve" => Words.L("Phê duyệt kết quả", "Approve the result"),
        "ReturnResult" => Words.L("Trả kết quả", "Return the result"),
        "ExtendDeadline" => Words.L("Gia hạn giải quyết", "Extend the deadline"),
        "Assign" => Words.L("Phân công xử lý", "Assign"),
        "HandOver" => Words.L("Chuyển hồ sơ đến cơ quan giải quyết", "Hand over to the competent agency"),
        _ => action,
    };

    /// <summary>What the reason is for, as its label says.</summary>
    public static string ReasonLabel(string action) => action switch
    {
        "Refuse" => Words.L("Lý do từ chối (in trên mẫu 03)", "Why it is refused (printed on form 03)"),
        "RequestSupplement" => Words.L("Nội dung cần bổ sung (in trên mẫu 02)", "What is needed (printed on form 02)"),
        "StopProcessing" => Words.L("Lý do dừng xử lý (in trên mẫu 05)", "Why processing stops (printed on form 05)"),
        "ExtendDeadline" => Words.L("Lý do gia hạn (in trên mẫu 04)", "Why the deadline is extended (printed on form 04)"),
        _ => Words.L("Ghi chú", "Note"),
    };

    /// <summary>The form an action has the agency give the applicant, if any.</summary>
    public static string? FormOf(string action) => action switch
    {
        "Refuse" => "03",
        "RequestSupplement" => "02",
        "StopProcessing" => "05",
        "ExtendDeadline" => "04",
        _ => null,
    };
}
