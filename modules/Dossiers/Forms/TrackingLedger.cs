using System.Globalization;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Modules.Dossiers.Forms;

/// <summary>
/// Form 07, the tracking ledger (Sổ theo dõi hồ sơ): one agency's dossiers received over a period, landscape. Under
/// reception anywhere (Decree 118/2025) it lists those the agency decides, wherever received (those received elsewhere
/// marked with where and when they were handed over), and those it received for another agency, with that agency and
/// the handover; the timeliness of these belongs to the agency that decides them, and is not counted in the total here.
/// </summary>
internal static class TrackingLedger
{
    public const string Title = "Sổ theo dõi hồ sơ";

    /// <param name="lastDay">The last day the period covers (the day before the API's exclusive <c>to</c>).</param>
    public static byte[] Render(
        FormAgency agency, DateOnly firstDay, DateOnly lastDay, IReadOnlyList<LedgerEntry> entries, IProcedureCatalogue catalogue, Func<string, string> agencyName,
        DateTimeOffset printedAt)
    {
        using var document = new FormDocument($"Mẫu số 07: {Title} - {agency.Name}", landscape: true, baseSize: 10);
        document.Paragraph($"Mẫu số 07: {Title} (Thông tư 03/2025/TT-VPCP)", TextStyle.Small);
        document.NationalHeader(agency.HeaderAuthority, agency.HeaderIssuer, FormText.PlaceAndDate(FormAgency.Place, printedAt));
        document.Title(Title, $"{agency.Name}, {FormAgency.Place} (mã đơn vị {agency.Code}) - từ ngày {FormText.Day(firstDay)} đến ngày {FormText.Day(lastDay)}");
        document.Table(
            [
                new("STT", 0.45), new("Mã hồ sơ", 1.75), new("Tên thủ tục hành chính", 2.1), new("Tên cá nhân, tổ chức", 1.5), new("Hình thức nộp", 0.9),
                new("Ngày nhận hồ sơ", 1.15), new("Hẹn trả kết quả", 1.15), new("Ngày có kết quả", 1.15), new("Ngày trả kết quả", 1.15), new("Ghi chú", 1.8),
            ],
            entries.Select((entry, i) => (IReadOnlyList<string>)
            [
                (i + 1).ToString(CultureInfo.InvariantCulture),
                entry.Code,
                catalogue.Find(entry.ProcedureCode)?.Name ?? entry.ProcedureCode,
                entry.ApplicantName,
                entry.Channel == Channels.Online ? "Trực tuyến" : "Trực tiếp",
                Short(entry.ReceivedAt),
                Short(entry.DueAt),
                entry.ProcessedAt is { } processed ? Short(processed) : "",
                entry.ReturnedAt is { } returned ? Short(returned) : "",
                Transfer(entry, agency.Code, agencyName) + Note(entry, printedAt),
            ]),
            size: 8);
        var resolved = entries.Where(entry => !entry.ReceivedFor(agency.Code)).ToList();
        document.Paragraph(
            string.Create(CultureInfo.InvariantCulture, $"Tổng số: {entries.Count} hồ sơ; đã giải quyết đúng hạn: {resolved.Count(entry => entry.OnTime)}; trễ hạn: {resolved.Count(entry => entry.LateAt(printedAt))}."),
            TextStyle.Bold);
        var (forOthers, transferredIn) = (entries.Count - resolved.Count, resolved.Count(entry => entry.TransferredTo(agency.Code)));
        if (forOthers + transferredIn > 0)
        {
            document.Paragraph(string.Create(
                CultureInfo.InvariantCulture,
                $"Trong đó: tiếp nhận hộ cơ quan khác {forOthers} hồ sơ (cơ quan có thẩm quyền tính đúng hạn, trễ hạn); nơi khác tiếp nhận, chuyển đến {transferredIn} hồ sơ."));
        }
        return document.ToPdf();
    }

    private static string Short(DateTimeOffset instant) =>
        instant.ToOffset(HanoiEgov.BuildingBlocks.VietnamTime.Offset).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Where a dossier received at one agency for another stands between the two, ahead of the note; empty for any other.</summary>
    private static string Transfer(LedgerEntry entry, string ledgerAgency, Func<string, string> agencyName)
    {
        var handedOver = entry.HandedOverAt is { } at ? $"đã chuyển {Short(at)}" : "chưa chuyển";
        return entry.ReceivedFor(ledgerAgency)
            ? $"Tiếp nhận hộ, cơ quan giải quyết: {agencyName(entry.Agency)} (mã {entry.Agency}); {handedOver}. "
            : entry.TransferredTo(ledgerAgency)
                ? $"Chuyển đến từ {agencyName(entry.ReceivingAgency)} (mã {entry.ReceivingAgency}){(entry.HandedOverAt is { } received ? $", nhận {Short(received)}" : ", chưa chuyển")}. "
                : "";
    }

    private static string Note(LedgerEntry entry, DateTimeOffset now) => entry switch
    {
        { OnTime: true } => "Đúng hạn",
        { ProcessedAt: not null, Extensions: > 0 } => string.Create(CultureInfo.InvariantCulture, $"Trễ hạn (đã gia hạn {entry.Extensions} lần)"),
        { ProcessedAt: not null } => "Trễ hạn",
        { Status: DossierStatus.Refused or DossierStatus.Withdrawn or DossierStatus.ProcessingStopped } =>
            entry.ClosingReason is { Length: > 0 } reason ? $"{DossierVocabulary.Name(entry.Status)}: {reason}" : DossierVocabulary.Name(entry.Status),
        _ when now > entry.DueAt => $"{DossierVocabulary.Name(entry.Status)}, quá hạn",
        { Extensions: > 0 } => string.Create(CultureInfo.InvariantCulture, $"{DossierVocabulary.Name(entry.Status)}, đã gia hạn {entry.Extensions} lần"),
        _ => DossierVocabulary.Name(entry.Status),
    };
}
