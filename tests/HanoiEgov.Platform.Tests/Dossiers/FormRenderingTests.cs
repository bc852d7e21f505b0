using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Forms;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>Forms rendered without a server: the control slip judges each step against the due time then in force; a missing font is named.</summary>
[Trait("Category", "Unit")]
public sealed class FormRenderingTests
{
    private static readonly TimeSpan Hanoi = TimeSpan.FromHours(7);

    [Fact]
    public void A_step_after_the_due_time_is_late_a_step_while_the_clock_is_stopped_is_not_counted_and_a_resumed_due_time_counts_from_then()
    {
        var firstDue = new DateTimeOffset(2026, 12, 3, 17, 0, 0, Hanoi);
        var resumedDue = new DateTimeOffset(2026, 12, 10, 17, 0, 0, Hanoi);
        var context = Slip(
            (DossierAction.SubmitOnline, DossierStatus.NewlyRegistered, PlatformRole("citizen"), new DateTimeOffset(2026, 12, 1, 9, 0, 0, Hanoi), firstDue, null),
            (DossierAction.Accept, DossierStatus.Received, PlatformRole("one-stop-clerk"), new DateTimeOffset(2026, 12, 1, 10, 0, 0, Hanoi), null, null),
            (DossierAction.StartProcessing, DossierStatus.Processing, PlatformRole("official"), new DateTimeOffset(2026, 12, 3, 16, 0, 0, Hanoi), null, null),
            (DossierAction.RequestSupplement, DossierStatus.SupplementRequested, PlatformRole("official"), new DateTimeOffset(2026, 12, 3, 16, 30, 0, Hanoi), null, "Thiếu bản sao hợp đồng thuê nhà"),
            (DossierAction.ProvideSupplement, DossierStatus.Processing, PlatformRole("citizen"), new DateTimeOffset(2026, 12, 8, 9, 0, 0, Hanoi), resumedDue, null),
            (DossierAction.Approve, DossierStatus.Processed, PlatformRole("head"), new DateTimeOffset(2026, 12, 11, 8, 30, 0, Hanoi), null, null));

        var text = PdfText.Of(DossierForms.Render("06", context));

        Assert.Contains("1 Nộp hồ sơ trực tuyến → Mới đăng ký Người nộp hồ sơ: Lê Minh Châu 09 giờ 00 phút, ngày 01/12/2026 Trước hạn", text, StringComparison.Ordinal);
        Assert.Contains("3 Bắt đầu xử lý → Đang xử lý Công chức giải quyết (tài khoản official) 16 giờ 00 phút, ngày 03/12/2026 Đúng hạn", text, StringComparison.Ordinal);
        Assert.Contains("ngày 03/12/2026 Đúng hạn Thiếu bản sao hợp đồng thuê nhà", text, StringComparison.Ordinal);
        Assert.Contains("ngày 08/12/2026 Tạm dừng tính thời hạn", text, StringComparison.Ordinal);
        Assert.Contains("6 Phê duyệt kết quả → Đã giải quyết xong Lãnh đạo (tài khoản head) 08 giờ 30 phút, ngày 11/12/2026 Quá hạn", text, StringComparison.Ordinal);
        Assert.Contains("Hạn giải quyết hiện tại: 17 giờ 00 phút, ngày 10/12/2026", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_machine_without_the_forms_font_is_told_which_package_to_install()
    {
        var missing = Assert.Throws<FormFontMissingException>(() => FormFonts.EnsureInstalled(Path.Combine(Path.GetTempPath(), $"no-fonts-{Guid.NewGuid():N}")));

        Assert.Contains("DejaVuSerif.ttf", missing.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y fonts-dejavu-core", missing.Message, StringComparison.Ordinal);
    }

    private static Actor PlatformRole(string role) => new(role, role, role == "citizen" ? null : "00070");

    private static FormContext Slip(params (DossierAction Action, DossierStatus Status, Actor Actor, DateTimeOffset At, DateTimeOffset? Due, string? Reason)[] steps)
    {
        var id = Guid.NewGuid();
        var events = new List<DossierEvent>();
        foreach (var (action, status, actor, at, due, reason) in steps)
        {
            var payload = (action, due) switch
            {
                (DossierAction.SubmitOnline, { } first) => new DossierSubmitted("00070-261201-0001", "1.004222", 2, "00070", "001302012347", "Lê Minh Châu", first),
                (DossierAction.ProvideSupplement, { } resumed) => new SupplementProvided(resumed),
                _ => DossierEventPayload.Of(action, due),
            };
            events.Add(DossierEvent.Seal(id, events.Count + 1, payload, status, actor, "online", reason, at, events.LastOrDefault()?.Hash ?? DossierEvent.Genesis));
        }

        var last = events[^1];
        var dossier = new DossierSummary(id, "00070-261201-0001", "1.004222", 2, "00070", "001302012347", "Lê Minh Châu", "online", last.Status, last.Version,
            events[0].RecordedAt, steps.Last(step => step.Due is not null).Due!.Value, "closed");
        return new FormContext(dossier, events, null, FormAgency.Of("00070", new Agency("00070", "Phường Hoàn Kiếm", "Hoan Kiem Ward", AgencyLevels.Commune, "01")), [], new DateTimeOffset(2026, 12, 11, 9, 0, 0, Hanoi));
    }
}
