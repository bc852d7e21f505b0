using System.Globalization;
using System.Net;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The one-stop forms 01 to 07 as PDF over HTTP with real tokens: what they say, who gets them, when they apply.</summary>
[Trait("Category", "Integration")]
public sealed class FormsTests(LocalServersFixture servers) : HostedPlatformTests(servers, "forms")
{
    private const string MottoLine1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    private const string MottoLine2 = "Độc lập - Tự do - Hạnh phúc";

    private DemoUserCalls? calls;

    private DemoUserCalls Calls => calls ??= new DemoUserCalls(Servers, Client);

    [Fact]
    public async Task The_receipt_names_the_ward_the_applicant_the_procedure_the_documents_and_the_appointment_in_Vietnamese()
    {
        var dossier = await Calls.SubmitResidenceAsync("nguyen.van.an", "00004");
        var id = dossier.Id;
        await Calls.ActAsync("clerk.badinh", id, "Accept", 1);

        var text = await FormTextAsync("nguyen.van.an", $"/api/dossiers/{id}/forms/01");

        var due = dossier.DueAt;
        Assert.Contains(dossier.Code, text, StringComparison.Ordinal);
        Assert.Contains("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", text, StringComparison.Ordinal);
        Assert.Contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", text, StringComparison.Ordinal);
        Assert.Contains(MottoLine1, text, StringComparison.Ordinal);
        Assert.Contains(MottoLine2, text, StringComparison.Ordinal);
        Assert.Contains("ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH", text, StringComparison.Ordinal);
        Assert.Contains("Phường Ba Đình", text, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Văn An", text, StringComparison.Ordinal);
        Assert.Contains("Đăng ký thường trú (mã 1.004222)", text, StringComparison.Ordinal);
        Assert.Contains("Tờ khai thay đổi thông tin cư trú (CT01)", text, StringComparison.Ordinal);
        Assert.Contains("Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp", text, StringComparison.Ordinal);
        Assert.Contains("07 ngày làm việc", text, StringComparison.Ordinal);
        Assert.Contains($"5. Thời gian trả kết quả giải quyết hồ sơ: {Moment(due)}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_receipt_lists_the_documents_received_and_not_those_supplied_after_it()
    {
        var id = (await Calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        await Calls.ActAsync("clerk.badinh", id, "Accept", 1);
        await Calls.ActAsync("clerk.badinh", id, "StartProcessing", 2);
        await Calls.ActAsync("clerk.badinh", id, "RequestSupplement", 3, "Bản sao hợp đồng mua bán nhà có công chứng");
        var supplied = await Calls.UploadAsync("nguyen.van.an", "hop-dong-mua-ban.pdf", "%PDF-1.4 hợp đồng"u8.ToArray());
        using var supplement = await Calls.SendAsync("nguyen.van.an", HttpMethod.Post, $"/api/dossiers/{id}/actions",
            new { action = "ProvideSupplement", expectedVersion = 4, documents = new[] { new { documentCode = "chung-minh-cho-o", attachmentId = supplied } } });
        Assert.Equal(HttpStatusCode.OK, supplement.StatusCode);

        var text = await FormTextAsync("nguyen.van.an", $"/api/dossiers/{id}/forms/01");
        using var attachments = await Calls.SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/attachments");

        Assert.Contains(await attachments.ReadAsync<Attachment[]>(), item => item.FileName == "hop-dong-mua-ban.pdf");
        Assert.Contains("so-do.pdf", text, StringComparison.Ordinal);
        Assert.Contains("to-khai-ct01.pdf", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hop-dong-mua-ban.pdf", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_counter_registration_gets_its_receipt_at_once_with_the_same_day_cut_off_and_its_wards_name()
    {
        var dossier = await Calls.RegisterBirthAtCounterAsync("clerk.hoankiem");

        var text = await FormTextAsync("clerk.hoankiem", $"/api/dossiers/{dossier.Id}/forms/01");

        Assert.Contains(dossier.Code, text, StringComparison.Ordinal);
        Assert.Contains("ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM", text, StringComparison.Ordinal);
        Assert.Contains("Trung tâm Phục vụ hành chính công Phường Hoàn Kiếm, Hà Nội (mã đơn vị 00070) tiếp nhận hồ sơ", text, StringComparison.Ordinal);
        Assert.Contains("Người nộp hồ sơ: Lê Minh Châu", text, StringComparison.Ordinal);
        Assert.Contains("Hình thức nộp: trực tiếp tại Bộ phận Một cửa", text, StringComparison.Ordinal);
        Assert.Contains("Đăng ký khai sinh (mã 1.001193)", text, StringComparison.Ordinal);
        Assert.Contains("Giấy chứng sinh hoặc văn bản thay thế", text, StringComparison.Ordinal);
        Assert.Contains("trong ngày làm việc (hồ sơ nhận trước 15 giờ 00)", text, StringComparison.Ordinal);
        Assert.Contains($"5. Thời gian trả kết quả giải quyết hồ sơ: {Moment(dossier.DueAt)}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_supplement_request_prints_the_officials_reason_and_a_refusal_prints_the_clerks()
    {
        var supplemented = (await Calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        await Calls.ActAsync("clerk.badinh", supplemented, "RequestSupplement", 1, "Bổ sung bản sao sổ đỏ có chứng thực của căn hộ số 12 phố Đội Cấn");
        var refused = (await Calls.SubmitResidenceAsync("tran.thi.binh", "00004")).Id;
        await Calls.ActAsync("clerk.badinh", refused, "Refuse", 1, "Địa chỉ thường trú không thuộc địa bàn phường Ba Đình");

        var supplementForm = await FormTextAsync("nguyen.van.an", $"/api/dossiers/{supplemented}/forms/02");
        var refusalForm = await FormTextAsync("clerk.badinh", $"/api/dossiers/{refused}/forms/03");

        Assert.Contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", supplementForm, StringComparison.Ordinal);
        Assert.Contains("Bổ sung bản sao sổ đỏ có chứng thực của căn hộ số 12 phố Đội Cấn", supplementForm, StringComparison.Ordinal);
        Assert.Contains("PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", refusalForm, StringComparison.Ordinal);
        Assert.Contains("Trần Thị Bình", refusalForm, StringComparison.Ordinal);
        Assert.Contains("Địa chỉ thường trú không thuộc địa bàn phường Ba Đình", refusalForm, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_apology_prints_the_replaced_and_the_new_appointment_and_the_heads_reason_from_the_latest_extension()
    {
        var dossier = await Calls.SubmitResidenceAsync("nguyen.van.an", "00004");
        var id = dossier.Id;
        var due = dossier.DueAt;
        await Calls.ActAsync("clerk.badinh", id, "Accept", 1);
        await Calls.ActAsync("clerk.badinh", id, "StartProcessing", 2);
        await Calls.ActAsync("head.badinh", id, "ExtendDeadline", 3, "Cần xác minh thêm với Công an phường", due.AddDays(2));
        await Calls.ActAsync("head.badinh", id, "ExtendDeadline", 4, "Chủ sở hữu nhà đang đi công tác nước ngoài, chưa ký xác nhận", due.AddDays(5));

        var text = await FormTextAsync("nguyen.van.an", $"/api/dossiers/{id}/forms/04");

        Assert.Contains("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", text, StringComparison.Ordinal);
        Assert.Contains($"Thời gian hẹn trả kết quả giải quyết hồ sơ: {Moment(due.AddDays(2))}", text, StringComparison.Ordinal);
        Assert.Contains("Chủ sở hữu nhà đang đi công tác nước ngoài, chưa ký xác nhận", text, StringComparison.Ordinal);
        Assert.Contains($"Ủy ban nhân dân Phường Ba Đình xin lỗi ông/bà và sẽ trả kết quả giải quyết hồ sơ cho ông/bà vào: {Moment(due.AddDays(5))}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Cần xác minh thêm", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_notice_prints_the_reason_processing_stopped()
    {
        var id = (await Calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        await Calls.ActAsync("clerk.badinh", id, "Accept", 1);
        await Calls.ActAsync("clerk.badinh", id, "StartProcessing", 2);
        await Calls.ActAsync("head.badinh", id, "StopProcessing", 3, "Chỗ ở đang có tranh chấp, chờ Tòa án giải quyết");

        var text = await FormTextAsync("nguyen.van.an", $"/api/dossiers/{id}/forms/05");

        Assert.Contains("PHIẾU THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", text, StringComparison.Ordinal);
        Assert.Contains("Chỗ ở đang có tranh chấp, chờ Tòa án giải quyết", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_control_slip_lists_every_step_with_who_when_and_whether_it_was_on_time()
    {
        var dossier = await Calls.SubmitResidenceAsync("nguyen.van.an", "00004");
        var id = dossier.Id;
        await Calls.ActAsync("clerk.badinh", id, "Accept", 1);
        await Calls.ActAsync("clerk.badinh", id, "StartProcessing", 2);
        await Calls.ActAsync("head.badinh", id, "Approve", 3, "Đủ điều kiện đăng ký thường trú");
        await Calls.ActAsync("clerk.badinh", id, "ReturnResult", 4);

        var text = await FormTextAsync("head.badinh", $"/api/dossiers/{id}/forms/06");

        Assert.Contains("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", text, StringComparison.Ordinal);
        Assert.Contains(dossier.Code, text, StringComparison.Ordinal);
        foreach (var step in new[] { "Nộp hồ sơ trực tuyến", "Tiếp nhận hồ sơ → Đã tiếp nhận", "Bắt đầu xử lý", "Phê duyệt kết quả", "Trả kết quả → Đã trả kết quả" })
        {
            Assert.Contains(step, text, StringComparison.Ordinal);
        }

        Assert.Contains("Người nộp hồ sơ: Nguyễn Văn An", text, StringComparison.Ordinal);
        Assert.Contains("Công chức Bộ phận Một cửa", text, StringComparison.Ordinal);
        Assert.Contains("Lãnh đạo", text, StringComparison.Ordinal);
        Assert.Contains("Đủ điều kiện đăng ký thường trú", text, StringComparison.Ordinal);
        Assert.Equal(5, CountOf(text, "Trước hạn") + CountOf(text, "Đúng hạn"));
        Assert.DoesNotContain("Quá hạn", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01", "received")]
    [InlineData("02", "supplement-requested")]
    [InlineData("03", "refused")]
    [InlineData("04", "deadline-extended")]
    [InlineData("05", "processing-stopped")]
    public async Task A_form_the_dossiers_history_does_not_call_for_is_409_naming_the_rule(string form, string rule)
    {
        var id = (await Calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;

        using var response = await Calls.SendAsync("clerk.badinh", HttpMethod.Get, $"/api/dossiers/{id}/forms/{form}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadAsync<Problem>();
        Assert.Equal("form", problem.Field);
        Assert.Equal(rule, problem.Rule);
    }

    [Theory]
    [InlineData("07")]
    [InlineData("1")]
    [InlineData("mau-01")]
    public async Task An_unknown_form_is_400_naming_form(string form)
    {
        var id = (await Calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;

        using var response = await Calls.SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/dossiers/{id}/forms/{form}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("form", (await response.ReadAsync<Problem>()).ErrorFields);
    }

    [Fact]
    public async Task The_ledger_lists_the_agencys_dossiers_of_the_period_to_its_officials_only()
    {
        var first = await Calls.SubmitResidenceAsync("nguyen.van.an", "00004");
        var second = await Calls.SubmitResidenceAsync("tran.thi.binh", "00004");
        var third = await Calls.SubmitResidenceAsync("le.minh.chau", "00004");
        var elsewhere = await Calls.SubmitResidenceAsync("le.minh.chau", "00070");
        await Calls.ActAsync("clerk.badinh", second.Id, "Refuse", 1, "Thiếu chữ ký của chủ hộ");
        var extended = third.Id;
        await Calls.ActAsync("clerk.badinh", extended, "Accept", 1);
        await Calls.ActAsync("clerk.badinh", extended, "StartProcessing", 2);
        await Calls.ActAsync("head.badinh", extended, "ExtendDeadline", 3, "Chờ ý kiến của Công an thành phố", third.DueAt.AddDays(3));
        await Calls.ActAsync("head.badinh", extended, "Approve", 4);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7));
        var period = $"from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";

        var text = await FormTextAsync("head.badinh", $"/api/agencies/00004/ledger?{period}");
        using var otherWard = await Calls.SendAsync("clerk.hoankiem", HttpMethod.Get, $"/api/agencies/00004/ledger?{period}");
        using var citizen = await Calls.SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/agencies/00004/ledger?{period}");
        using var badPeriod = await Calls.SendAsync("head.badinh", HttpMethod.Get, "/api/agencies/00004/ledger?from=hôm-nay&to=2026-01-01");

        Assert.Contains("SỔ THEO DÕI HỒ SƠ", text, StringComparison.Ordinal);
        Assert.Contains($"từ ngày {today:dd/MM/yyyy} đến ngày {today:dd/MM/yyyy}", text, StringComparison.Ordinal);
        Assert.Contains(first.Code, text, StringComparison.Ordinal);
        Assert.Contains(second.Code, text, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Code, text, StringComparison.Ordinal);
        Assert.Contains("Nguyễn Văn An", text, StringComparison.Ordinal);
        Assert.Contains("Thiếu chữ ký của chủ hộ", text, StringComparison.Ordinal);
        Assert.Contains("Trễ hạn (đã gia hạn 1 lần)", text, StringComparison.Ordinal);
        Assert.Contains("Tổng số: 3 hồ sơ; đã giải quyết đúng hạn: 0; trễ hạn: 1.", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, otherWard.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, citizen.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPeriod.StatusCode);
        Assert.Contains("from", (await badPeriod.ReadAsync<Problem>()).ErrorFields);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_both_form_endpoints_as_PDF()
    {
        using var response = await Client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        var paths = (await response.ReadAsync<JsonElement>()).GetProperty("paths");
        Assert.True(paths.GetProperty("/api/dossiers/{id}/forms/{form}").GetProperty("get").GetProperty("responses").TryGetProperty("409", out _));
        foreach (var path in new[] { "/api/dossiers/{id}/forms/{form}", "/api/agencies/{agency}/ledger" })
        {
            var responses = paths.GetProperty(path).GetProperty("get").GetProperty("responses");
            Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("application/pdf", out _));
            Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        }
    }

    /// <summary>Fetches a form, checks it is a PDF with its fonts embedded, and returns its text.</summary>
    private async Task<string> FormTextAsync(string user, string path)
    {
        using var response = await Calls.SendAsync(user, HttpMethod.Get, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(PdfText.EmbedsFonts(bytes));
        return PdfText.Of(bytes);
    }

    private static string Moment(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(7)).ToString("HH 'giờ' mm 'phút', 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);

    private static int CountOf(string text, string phrase) => text.Split(phrase).Length - 1;
}
