namespace HanoiEgov.Modules.Dossiers;

/// <summary>A national status code with its words: <c>key</c> as the API writes the enum, Vietnamese and English names.</summary>
internal sealed record StatusWords(int Code, string Key, string Name, string NameEn);

/// <summary>A step of a dossier's history with its words, as a timeline shows it.</summary>
internal sealed record ActionWords(string Key, string Name, string NameEn);

/// <summary>
/// The one place where statuses and steps get their names: the API's vocabulary, the forms and the portals read
/// them from here, so a status is never called two things.
/// </summary>
internal static class DossierVocabulary
{
    private static readonly Dictionary<DossierStatus, (string Name, string NameEn)> StatusNames = new()
    {
        [DossierStatus.NewlyRegistered] = ("Mới đăng ký", "Newly registered"),
        [DossierStatus.Received] = ("Đã tiếp nhận", "Received"),
        [DossierStatus.Refused] = ("Từ chối tiếp nhận", "Refused"),
        [DossierStatus.Processing] = ("Đang xử lý", "Processing"),
        [DossierStatus.SupplementRequested] = ("Yêu cầu bổ sung hồ sơ", "Supplement requested"),
        [DossierStatus.PaymentRequested] = ("Chờ thực hiện nghĩa vụ tài chính", "Awaiting payment of fees"),
        [DossierStatus.Withdrawn] = ("Công dân đã rút hồ sơ", "Withdrawn by the applicant"),
        [DossierStatus.ProcessingStopped] = ("Dừng xử lý", "Processing stopped"),
        [DossierStatus.Processed] = ("Đã giải quyết xong", "Processed"),
        [DossierStatus.ResultReturned] = ("Đã trả kết quả", "Result returned"),
    };

    private static readonly Dictionary<DossierAction, (string Name, string NameEn)> ActionNames = new()
    {
        [DossierAction.SubmitOnline] = ("Nộp hồ sơ trực tuyến", "Submitted online"),
        [DossierAction.RegisterAtCounter] = ("Tiếp nhận tại quầy một cửa", "Registered at the one-stop counter"),
        [DossierAction.Accept] = ("Tiếp nhận hồ sơ", "Accepted"),
        [DossierAction.Refuse] = ("Từ chối tiếp nhận", "Refused"),
        [DossierAction.StartProcessing] = ("Bắt đầu xử lý", "Processing started"),
        [DossierAction.RequestSupplement] = ("Yêu cầu bổ sung hồ sơ", "Supplement requested"),
        [DossierAction.ProvideSupplement] = ("Bổ sung hồ sơ", "Supplement provided"),
        [DossierAction.RequestPayment] = ("Yêu cầu thực hiện nghĩa vụ tài chính", "Payment of fees requested"),
        [DossierAction.ConfirmPayment] = ("Xác nhận đã thanh toán", "Payment confirmed"),
        [DossierAction.StopProcessing] = ("Dừng xử lý", "Processing stopped"),
        [DossierAction.Approve] = ("Phê duyệt kết quả", "Result approved"),
        [DossierAction.ReturnResult] = ("Trả kết quả", "Result returned"),
        [DossierAction.Withdraw] = ("Rút hồ sơ", "Withdrawn"),
        [DossierAction.MarkNearDue] = ("Sắp đến hạn", "Near due"),
        [DossierAction.MarkOverdue] = ("Quá hạn", "Overdue"),
        [DossierAction.ExtendDeadline] = ("Gia hạn giải quyết", "Deadline extended"),
        [DossierAction.SignResult] = ("Ký số kết quả", "Result digitally signed"),
        [DossierAction.Assign] = ("Phân công cán bộ xử lý", "Assigned to an official"),
        [DossierAction.HandOver] = ("Chuyển hồ sơ đến cơ quan giải quyết", "Handed over to the competent agency"),
    };

    /// <summary>Every status, in the order of its code.</summary>
    public static IReadOnlyList<StatusWords> Statuses { get; } =
        [.. Enum.GetValues<DossierStatus>().Select(status => new StatusWords((int)status, status.ToString(), StatusNames[status].Name, StatusNames[status].NameEn))];

    /// <summary>Every step, in the order of the enum.</summary>
    public static IReadOnlyList<ActionWords> Actions { get; } =
        [.. Enum.GetValues<DossierAction>().Select(action => new ActionWords(action.ToString(), ActionNames[action].Name, ActionNames[action].NameEn))];

    /// <summary>The status's Vietnamese name, e.g. "Đang xử lý".</summary>
    public static string Name(DossierStatus status) => StatusNames[status].Name;

    /// <summary>The step's Vietnamese name, e.g. "Tiếp nhận hồ sơ".</summary>
    public static string Name(DossierAction action) => ActionNames[action].Name;
}
