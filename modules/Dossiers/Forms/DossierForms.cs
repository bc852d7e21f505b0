using System.Globalization;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.ServiceDefaults.Authentication;

namespace HanoiEgov.Modules.Dossiers.Forms;

/// <summary>Everything a dossier's form is printed from: the read model, the event history, the catalogue, the competent and receiving agencies.</summary>
/// <param name="Receiving">The agency that received the dossier for <see cref="Agency"/>; null when that agency received it itself.</param>
/// <summary>The interlinked dossier (Decree 63/2024) a commune part belongs to, as its receipt gives the appointment for the whole.</summary>
/// <param name="Parts">Its parts in their order, each with who decides it and its time limit in the group's catalogue version.</param>
internal sealed record InterlinkedWhole(
    string Code, string GroupCode, string Name, ProcessingTime? Processing, DateTimeOffset ReceivedAt, DateTimeOffset DueAt, IReadOnlyList<InterlinkedPartLine> Parts);

/// <summary>One part of an interlinked dossier as a receipt lists it.</summary>
/// <param name="DecidedBy">A <see cref="PartDeciders"/> value.</param>
internal sealed record InterlinkedPartLine(string Name, string ProcedureCode, string DecidedBy, ProcessingTime? Processing);

internal sealed record FormContext(
    DossierSummary Dossier,
    IReadOnlyList<DossierEvent> History,
    Procedure? Procedure,
    FormAgency Agency,
    IReadOnlyList<ReceivedDocument> Documents,
    DateTimeOffset PrintedAt,
    FormAgency? Receiving = null,
    InterlinkedWhole? Whole = null)
{
    /// <summary>The agency whose counter received the dossier and issues its receipt.</summary>
    public FormAgency Reception => Receiving ?? Agency;

    /// <summary>An agency of this dossier by its code, as the forms name it.</summary>
    public string NameOf(string code) => code == Agency.Code ? Agency.Name : code == Reception.Code ? Reception.Name : $"Đơn vị {code}";

    public ProcedureVersion? ProcedureVersion => Procedure?.Versions.FirstOrDefault(version => version.Version == Dossier.ProcedureVersion);

    public string ProcedureName => Procedure is null ? Dossier.ProcedureCode : $"{Procedure.Name} (mã {Procedure.Code})";

    public DossierEvent? Last(params DossierAction[] actions) => History.LastOrDefault(entry => actions.Contains(entry.Action));

    /// <summary>The due time in force just after <paramref name="version"/> was recorded.</summary>
    public DateTimeOffset DueAfter(int version)
    {
        var due = Dossier.DueAt;
        foreach (var entry in History.Where(entry => entry.Version <= version))
        {
            if (entry.Payload.SetsDueAt() is { } recorded)
            {
                due = recorded;
            }
        }

        return due;
    }
}

/// <summary>A form the dossier's history does not call for: the rule, for a 409 naming it.</summary>
internal sealed record FormNotApplicable(string Rule, string Explanation);

/// <summary>
/// The one-stop forms of Circular 03/2025/TT-VPCP appendix I that belong to one dossier (01 to 06), each issued
/// from the event that calls for it: the receipt from the receiving step, a supplement request, a refusal or a
/// stop from its own event and reason, the control slip from every step.
/// </summary>
internal static class DossierForms
{
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        ["01"] = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        ["02"] = "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        ["03"] = "Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
        ["04"] = "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
        ["05"] = "Phiếu thông báo dừng giải quyết hồ sơ",
        ["06"] = "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    };

    /// <summary>The forms 01 to 06 the history calls for, in their order: those <see cref="Check"/> does not refuse.</summary>
    public static IReadOnlyList<string> Applicable(IReadOnlyList<DossierEvent> history) =>
        [.. Titles.Keys.Order(StringComparer.Ordinal).Where(form => Check(form, history) is null)];

    /// <summary>Why the form cannot be issued for a dossier with this history, or null when its history calls for it.</summary>
    public static FormNotApplicable? Check(string form, IReadOnlyList<DossierEvent> history) => form switch
    {
        "01" when !Recorded(history, DossierAction.Accept, DossierAction.RegisterAtCounter) =>
            new("received", "Form 01 is issued when the dossier is received (accepted, or registered at the counter); this dossier has not been."),
        "02" when !Recorded(history, DossierAction.RequestSupplement) =>
            new("supplement-requested", "Form 02 is issued when a supplement is requested; none was requested for this dossier."),
        "03" when !Recorded(history, DossierAction.Refuse) =>
            new("refused", "Form 03 is issued when a dossier is refused; this dossier was not."),
        "04" when !Recorded(history, DossierAction.ExtendDeadline) =>
            new("deadline-extended", "Form 04 is issued when a head extends the deadline; this dossier's deadline never was."),
        "05" when !Recorded(history, DossierAction.StopProcessing) =>
            new("processing-stopped", "Form 05 is issued when processing is stopped; this dossier's processing was not."),
        _ => null,
    };

    private static bool Recorded(IReadOnlyList<DossierEvent> history, params DossierAction[] actions) => history.Any(entry => actions.Contains(entry.Action));

    public static byte[] Render(string form, FormContext context) => form switch
    {
        "01" => Receipt(context),
        "02" => SupplementRequest(context),
        "03" => Refusal(context),
        "04" => Apology(context),
        "05" => StopNotice(context),
        "06" => ControlSlip(context),
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, "Only forms 01 to 06 are printed per dossier."),
    };

    /// <param name="issuer">The agency whose header the form bears: the competent one unless named.</param>
    /// <param name="code">The code the form is issued under: the dossier's unless named.</param>
    private static FormDocument Open(string form, FormContext context, DateTimeOffset issuedAt, FormAgency? issuer = null, string? code = null)
    {
        var header = issuer ?? context.Agency;
        var document = new FormDocument($"Mẫu số {form}: {Titles[form]} - {code ?? context.Dossier.Code}");
        document.Paragraph($"Mẫu số {form}: {Titles[form]} (Thông tư 03/2025/TT-VPCP)", TextStyle.Small);
        document.NationalHeader(header.HeaderAuthority, header.HeaderIssuer, FormText.PlaceAndDate(FormAgency.Place, issuedAt));
        document.Title(Titles[form]);
        return document;
    }

    private static void Applicant(FormDocument document, FormContext context)
    {
        document.Field("Mã hồ sơ", context.Dossier.Code);
        document.Field("Người nộp hồ sơ", context.Dossier.ApplicantName);
        document.Field("Số định danh cá nhân", context.Dossier.ApplicantId);
        document.Field("Nội dung yêu cầu giải quyết", context.ProcedureName);
    }

    private static byte[] Receipt(FormContext context)
    {
        var received = context.Last(DossierAction.Accept, DossierAction.RegisterAtCounter)!;
        var version = context.ProcedureVersion;
        using var document = Open("01", context, received.RecordedAt, context.Reception);
        document.Paragraph($"{context.Reception.Counter}, {FormAgency.Place} (mã đơn vị {context.Reception.Code}) tiếp nhận hồ sơ:");
        Applicant(document, context);
        document.Field("Cơ quan tiếp nhận hồ sơ", $"{context.Reception.Name} (mã đơn vị {context.Reception.Code})");
        document.Field("Cơ quan có thẩm quyền giải quyết", $"{context.Agency.Authority} (mã đơn vị {context.Agency.Code})");
        document.Field("Hình thức nộp", FormText.Channel(context.Dossier.Channel));
        document.Paragraph("1. Thành phần hồ sơ nộp gồm:");
        DocumentsReceived(document, context, received.RecordedAt);
        document.Paragraph("2. Số lượng hồ sơ: 01 (bộ)");
        if (version is not null)
        {
            document.Paragraph($"3. Thời gian giải quyết hồ sơ theo quy định là: {FormText.ProcessingTime(version.Processing)}");
            document.Paragraph($"Phí, lệ phí: {FormText.Money(version.FeeFor(context.Dossier.Channel))}", indent: 14);
        }

        document.Paragraph($"4. Thời gian nhận hồ sơ: {FormText.Moment(context.Dossier.ReceivedAt)}");
        document.Paragraph($"5. Thời gian trả kết quả giải quyết hồ sơ: {FormText.Moment(context.DueAfter(received.Version))}");
        if (context.Whole is { } whole)
        {
            document.Paragraph($"Hồ sơ này là một phần của hồ sơ liên thông mã {whole.Code} ({whole.Name}).", TextStyle.Bold, indent: 14);
            if (whole.Processing is { } processing)
            {
                document.Paragraph($"Thời gian giải quyết cả hồ sơ liên thông: {FormText.ProcessingTime(processing)}", indent: 14);
            }

            document.Paragraph($"Thời gian trả kết quả của cả hồ sơ liên thông: {FormText.Moment(whole.DueAt)}", TextStyle.Bold, indent: 14);
            document.Paragraph($"Các thủ tục của hồ sơ liên thông mã {whole.Code}:", indent: 14);
            PartsTable(document, context, whole);
        }

        document.Paragraph($"6. Đăng ký nhận kết quả tại: {context.Reception.Counter}, hoặc trên Cổng dịch vụ công khi hồ sơ nộp trực tuyến.");
        document.Paragraph($"Vào Sổ theo dõi hồ sơ của {context.Reception.Name}, mã hồ sơ {context.Dossier.Code}.", TextStyle.Italic);
        document.Signatures(("Người nộp hồ sơ", context.Dossier.ApplicantName), ("Người tiếp nhận hồ sơ", FormText.Role(received.Actor.Role)));
        return document.ToPdf();
    }

    /// <summary>
    /// Form 01 for an interlinked dossier as a whole, printed from its commune part (which takes the documents): the
    /// whole's code, the group, every part with who decides it and its time limit, and the whole's appointment.
    /// </summary>
    public static byte[] InterlinkedReceipt(FormContext context)
    {
        var whole = context.Whole ?? throw new ArgumentException("An interlinked receipt is printed for an interlinked dossier.", nameof(context));
        using var document = Open("01", context, whole.ReceivedAt, context.Reception, whole.Code);
        document.Paragraph($"{context.Reception.Counter}, {FormAgency.Place} (mã đơn vị {context.Reception.Code}) tiếp nhận hồ sơ liên thông:");
        document.Field("Mã hồ sơ", whole.Code);
        document.Field("Người nộp hồ sơ", context.Dossier.ApplicantName);
        document.Field("Số định danh cá nhân", context.Dossier.ApplicantId);
        document.Field("Nội dung yêu cầu giải quyết", $"{whole.Name} (mã {whole.GroupCode})");
        document.Field("Cơ quan tiếp nhận hồ sơ", $"{context.Reception.Name} (mã đơn vị {context.Reception.Code})");
        document.Field("Hình thức nộp", FormText.Channel(context.Dossier.Channel));
        document.Paragraph("1. Thành phần hồ sơ nộp gồm:");
        // The commune part was submitted with the whole: what it had then is what the applicant handed in.
        DocumentsReceived(document, context, context.History.Count > 0 ? context.History[0].RecordedAt : whole.ReceivedAt);
        document.Paragraph("2. Số lượng hồ sơ: 01 (bộ)");
        document.Paragraph("3. Các thủ tục được giải quyết liên thông:");
        PartsTable(document, context, whole);
        if (whole.Processing is { } processing)
        {
            document.Paragraph($"4. Thời gian giải quyết hồ sơ liên thông theo quy định là: {FormText.ProcessingTime(processing)}");
        }

        document.Paragraph($"5. Thời gian nhận hồ sơ: {FormText.Moment(whole.ReceivedAt)}");
        document.Paragraph($"6. Thời gian trả kết quả giải quyết hồ sơ: {FormText.Moment(whole.DueAt)}", TextStyle.Bold);
        document.Paragraph($"7. Đăng ký nhận kết quả tại: {context.Reception.Counter}, hoặc trên Cổng dịch vụ công khi hồ sơ nộp trực tuyến.");
        document.Paragraph($"Vào Sổ theo dõi hồ sơ của {context.Reception.Name}, mã hồ sơ {whole.Code}.", TextStyle.Italic);
        var receiver = context.Last(DossierAction.RegisterAtCounter, DossierAction.Accept) is { } received ? FormText.Role(received.Actor.Role) : "Hệ thống (Cổng dịch vụ công)";
        document.Signatures(("Người nộp hồ sơ", context.Dossier.ApplicantName), ("Người tiếp nhận hồ sơ", receiver));
        return document.ToPdf();
    }

    /// <summary>The documents the dossier had at <paramref name="until"/>; those supplied later are not on a receipt.</summary>
    private static void DocumentsReceived(FormDocument document, FormContext context, DateTimeOffset until)
    {
        var names = context.ProcedureVersion?.RequiredDocuments.ToDictionary(required => required.Code, required => required.Name) ?? [];
        document.Table(
            [new("STT", 0.6), new("Tên giấy tờ", 4.2), new("Tệp đã nộp", 2.4), new("Số lượng", 1.8)],
            context.Documents.Where(attached => attached.UploadedAt <= until).Select((attached, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                names.TryGetValue(attached.DocumentCode, out var name) ? name : attached.DocumentCode,
                attached.FileName,
                "01 bản điện tử",
            ]));
    }

    private static void PartsTable(FormDocument document, FormContext context, InterlinkedWhole whole) => document.Table(
        [new("STT", 0.6), new("Thủ tục", 3.6), new("Cơ quan giải quyết", 2.6), new("Thời hạn", 2.2)],
        whole.Parts.Select((part, i) => (IReadOnlyList<string>)
        [
            (i + 1).ToString(CultureInfo.InvariantCulture),
            $"{part.Name} (mã {part.ProcedureCode})",
            Decider(part.DecidedBy, context.Reception),
            part.Processing is { } processing ? FormText.ProcessingTime(processing) : "theo quy định",
        ]));

    /// <summary>Who decides a part, as the applicant's receipt names them.</summary>
    private static string Decider(string decidedBy, FormAgency commune) => decidedBy switch
    {
        PartDeciders.Commune => commune.Name,
        PartDeciders.ResidenceRegistry => "Công an (Cơ sở dữ liệu về cư trú)",
        PartDeciders.SocialInsurance => "Bảo hiểm xã hội",
        PartDeciders.IdentityCardRegistry => "Công an (hệ thống quản lý căn cước)",
        _ => decidedBy,
    };

    private static byte[] SupplementRequest(FormContext context)
    {
        var request = context.Last(DossierAction.RequestSupplement)!;
        using var document = Open("02", context, request.RecordedAt);
        document.Paragraph($"Ngày {FormText.Day(context.Dossier.ReceivedAt)}, {context.Agency.Counter} tiếp nhận hồ sơ của ông/bà {context.Dossier.ApplicantName}:");
        Applicant(document, context);
        document.Paragraph($"Sau khi xem xét, đối chiếu thành phần hồ sơ, {context.Agency.Name} đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:");
        document.Paragraph(Reason(request), TextStyle.Bold, indent: 14);
        document.Paragraph("Thời hạn giải quyết hồ sơ tạm dừng từ khi phiếu này được gửi và tiếp tục khi ông/bà nộp đủ hồ sơ bổ sung.");
        document.Paragraph("Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ với Bộ phận Một cửa để được hướng dẫn.");
        document.Paragraph("Xin trân trọng cảm ơn./.");
        document.Signatures(("Người hướng dẫn", FormText.Role(request.Actor.Role)));
        return document.ToPdf();
    }

    private static byte[] Refusal(FormContext context)
    {
        var refusal = context.Last(DossierAction.Refuse)!;
        using var document = Open("03", context, refusal.RecordedAt);
        document.Paragraph($"{context.Agency.Counter} tiếp nhận hồ sơ của ông/bà {context.Dossier.ApplicantName} ngày {FormText.Day(context.Dossier.ReceivedAt)}:");
        Applicant(document, context);
        document.Paragraph("Qua xem xét, cơ quan, đơn vị thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:");
        document.Paragraph(Reason(refusal), TextStyle.Bold, indent: 14);
        document.Paragraph("Xin thông báo để ông/bà được biết và thực hiện./.");
        document.Signatures(("Người từ chối", FormText.Role(refusal.Actor.Role)));
        return document.ToPdf();
    }

    /// <summary>Form 04 from the latest extension: the appointment it replaced, the new one, and the head's reason.</summary>
    private static byte[] Apology(FormContext context)
    {
        var extension = context.Last(DossierAction.ExtendDeadline)!;
        var extended = (DeadlineExtended)extension.Payload;
        using var document = Open("04", context, extension.RecordedAt);
        document.Paragraph($"Ngày {FormText.Day(context.Dossier.ReceivedAt)}, {context.Agency.Counter} tiếp nhận giải quyết hồ sơ của ông/bà {context.Dossier.ApplicantName}:");
        Applicant(document, context);
        document.Paragraph($"Thời gian hẹn trả kết quả giải quyết hồ sơ: {FormText.Moment(extended.PreviousDueAt)}.");

        document.Paragraph($"Tuy nhiên đến nay, {context.Agency.Authority} chưa trả kết quả giải quyết hồ sơ của ông/bà. Lý do:");
        document.Paragraph(Reason(extension), TextStyle.Bold, indent: 14);
        document.Paragraph(
            $"Sự chậm trễ này đã gây phiền hà cho ông/bà. {context.Agency.Authority} xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ cho ông/bà vào: "
            + FormText.Moment(extended.DueAt) + ".");
        document.Paragraph("Xin trân trọng cảm ơn sự hợp tác của ông/bà./.");
        document.Signatures(("Thủ trưởng cơ quan, đơn vị", FormText.Role(extension.Actor.Role)));
        return document.ToPdf();
    }

    private static byte[] StopNotice(FormContext context)
    {
        var stop = context.Last(DossierAction.StopProcessing)!;
        using var document = Open("05", context, stop.RecordedAt);
        document.Paragraph($"{context.Agency.Counter} tiếp nhận hồ sơ của ông/bà {context.Dossier.ApplicantName} ngày {FormText.Day(context.Dossier.ReceivedAt)}:");
        Applicant(document, context);
        document.Paragraph($"Ngày {FormText.Day(stop.RecordedAt)}, cơ quan giải quyết đã dừng giải quyết hồ sơ này với lý do như sau:");
        document.Paragraph(Reason(stop), TextStyle.Bold, indent: 14);
        document.Paragraph("Hồ sơ và giấy tờ đã nộp được trả lại theo yêu cầu của ông/bà. Xin thông báo để ông/bà được biết./.");
        document.Signatures(("Người thông báo", FormText.Role(stop.Actor.Role)));
        return document.ToPdf();
    }

    private static byte[] ControlSlip(FormContext context)
    {
        using var document = Open("06", context, context.PrintedAt);
        document.Paragraph($"(Kèm theo hồ sơ mã {context.Dossier.Code})", TextStyle.Italic);
        Applicant(document, context);
        document.Field("Cơ quan giải quyết hồ sơ", $"{context.Agency.Authority}, {FormAgency.Place}");
        if (context.Receiving is { } receiving)
        {
            document.Field("Cơ quan tiếp nhận hồ sơ", $"{receiving.Name} (mã đơn vị {receiving.Code})");
        }

        document.Field("Hạn giải quyết hiện tại", FormText.Moment(context.Dossier.DueAt));
        document.Field("Trạng thái hiện tại", $"{DossierVocabulary.Name(context.Dossier.Status)} (mã {context.Dossier.StatusCode})");
        document.Table(
            [new("STT", 0.6), new("Bước xử lý", 2), new("Người thực hiện", 2), new("Thời gian giao, nhận hồ sơ", 1.9), new("Kết quả", 1.2), new("Ghi chú", 1.9)],
            context.History.Select((entry, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                $"{DossierVocabulary.Name(entry.Action)} → {DossierVocabulary.Name(entry.Status)}",
                Performer(entry, context),
                FormText.Moment(entry.RecordedAt),
                Timeliness(entry, context),
                entry.Payload is DossierHandedOver handedOver
                    ? $"Chuyển từ {context.NameOf(handedOver.FromAgency)} đến {context.NameOf(handedOver.ToAgency)}"
                    : entry.Reason ?? "",
            ]));
        document.Paragraph($"Phiếu in lúc {FormText.Moment(context.PrintedAt)} từ lịch sử hồ sơ đã ký chuỗi băm; mỗi bước ghi người thực hiện, thời điểm và lý do.", TextStyle.Small);
        return document.ToPdf();
    }

    private static string Reason(DossierEvent entry) => string.IsNullOrWhiteSpace(entry.Reason) ? "(không ghi lý do)" : entry.Reason.Trim();

    private static string Performer(DossierEvent entry, FormContext context) => entry.Actor.Role switch
    {
        PlatformRoles.Citizen => $"{FormText.Role(entry.Actor.Role)}: {context.Dossier.ApplicantName}",
        _ when entry.Actor == DeadlineClock.Actor => "Hệ thống (theo dõi hạn giải quyết)",
        // The history keeps the official's account id, not a name; the slip shows its start, the history API all of it.
        _ => $"{FormText.Role(entry.Actor.Role)} (tài khoản {entry.Actor.UserId[..Math.Min(8, entry.Actor.UserId.Length)]})",
    };

    /// <summary>Before, on or after the due time in force when the step was taken; steps while the clock is stopped are not counted.</summary>
    private static string Timeliness(DossierEvent entry, FormContext context)
    {
        var before = context.History.LastOrDefault(previous => previous.Version < entry.Version);
        if (before is not null && DossierStateMachine.PausesTheClock(before.Status))
        {
            return "Tạm dừng tính thời hạn";
        }

        var due = context.DueAfter(entry.Version - 1 < 1 ? 1 : entry.Version - 1);
        return entry.RecordedAt > due ? "Quá hạn"
            : VietnamTime.DayOf(entry.RecordedAt) < VietnamTime.DayOf(due) ? "Trước hạn"
            : "Đúng hạn";
    }
}
