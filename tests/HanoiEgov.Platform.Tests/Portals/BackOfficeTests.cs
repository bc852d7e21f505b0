using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HanoiEgov.Platform.Tests.AppHost;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// The officials' back office in Chromium against the whole AppHost: a ward's clerk, official and head handle a
/// dossier from the counter to the returned result, with the citizen answering a supplement request in the citizen
/// portal between.
/// </summary>
[Collection(WholePlatformGroup.Name)]
[Trait("Category", "Browser")]
public sealed class BackOfficeTests(WholePlatformFixture platform) : PortalTests(platform)
{
    private const string Residence = "1.004222";
    private const string Ct01 = "Tờ khai thay đổi thông tin cư trú (CT01)";
    private const string Lodging = "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp";
    private const string ApplicantId = "001090012345";

    [Fact]
    public async Task A_counter_dossier_goes_from_intake_through_a_supplement_and_a_signed_approved_result_to_its_return()
    {
        // The clerk registers the applicant at the counter, with the FPT sandbox's registry lookup, and prints form 01.
        var clerk = await OfficialAsync("clerk.badinh", "/counter/new");
        await PortalBrowser.AssertAccessibleAsync(clerk);
        await clerk.GetByLabel("Thủ tục hành chính").SelectOptionAsync(Residence);
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
        await clerk.GetByLabel("Số định danh cá nhân (CCCD)").FillAsync(ApplicantId);
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Tra cứu CSDL dân cư" }).ClickAsync();
        await Assertions.Expect(clerk.Locator("#consent-error")).ToContainTextAsync("đồng ý");
        await Assertions.Expect(clerk.GetByLabel("Số định danh cá nhân (CCCD)")).ToHaveValueAsync(ApplicantId);
        await clerk.GetByLabel("Người nộp đồng ý cho tra cứu").CheckAsync();
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Tra cứu CSDL dân cư" }).ClickAsync();
        await Assertions.Expect(clerk.Locator("#registry-person")).ToContainTextAsync("Nguyễn Văn An");
        await Assertions.Expect(clerk.GetByLabel("Họ và tên người nộp")).ToHaveValueAsync("Nguyễn Văn An");
        await PortalBrowser.AssertAccessibleAsync(clerk);
        await clerk.GetByLabel(Ct01, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "ct01.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await clerk.GetByLabel(Lodging, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "so-do.jpg", MimeType = "image/jpeg", Buffer = [0xFF, 0xD8, 0xFF, 0xE0] });
        await PortalBrowser.ScreenshotAsync(clerk, "officials-counter");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();
        await clerk.WaitForURLAsync(new Regex("/dossiers/[0-9a-f-]{36}\\?done=registered"));
        var id = Regex.Match(clerk.Url, "/dossiers/([0-9a-f-]{36})").Groups[1].Value;
        Assert.Equal("Đã tiếp nhận", await PortalBrowser.TextAsync(clerk.Locator("#dossier-status")));
        Assert.Contains("Nguyễn Văn An", await PortalBrowser.TextAsync(clerk.Locator("#dossier-applicant")), StringComparison.Ordinal);
        await Assertions.Expect(clerk.Locator(".timeline")).ToContainTextAsync("đã được xác thực qua Cơ sở dữ liệu quốc gia về dân cư");
        var receipt = await PortalBrowser.DownloadAsync(clerk, clerk.Locator("#done").GetByRole(AriaRole.Link, new() { Name = "In Mẫu 01" }));
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(receipt, 0, 4), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(clerk);

        // The head assigns it to an official of the ward, who finds it under "assigned to me".
        var head = await OfficialAsync("head.badinh", $"/dossiers/{id}");
        await head.GetByLabel("Giao cho cán bộ").SelectOptionAsync(new SelectOptionValue { Label = "Ngô Thị Mai (official.badinh)" });
        await head.GetByRole(AriaRole.Button, new() { Name = "Phân công xử lý" }).ClickAsync();
        await Assertions.Expect(head.Locator("#dossier-assignee")).ToHaveTextAsync("Ngô Thị Mai");
        await PortalBrowser.AssertAccessibleAsync(head);

        // The official starts processing and asks for a supplement; the form to give the applicant is offered.
        var official = await OfficialAsync("official.badinh", "/worklist");
        await official.GetByLabel("Phân công").SelectOptionAsync("me");
        await official.GetByRole(AriaRole.Button, new() { Name = "Lọc", Exact = true }).ClickAsync();
        await Assertions.Expect(official.Locator("#worklist-count")).ToHaveTextAsync(new Regex("^\\d+ hồ sơ$"));
        await PortalBrowser.AssertAccessibleAsync(official);
        await PortalBrowser.ScreenshotAsync(official, "officials-worklist");
        await official.Locator($"#worklist a[href='/dossiers/{id}']").ClickAsync();
        await official.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu xử lý" }).ClickAsync();
        Assert.Equal("Đang xử lý", await PortalBrowser.TextAsync(official.Locator("#dossier-status")));
        await official.GetByLabel("Nội dung cần bổ sung (in trên mẫu 02)").FillAsync("Tờ khai CT01 thiếu chữ ký của chủ hộ.");
        await official.GetByRole(AriaRole.Button, new() { Name = "Yêu cầu bổ sung hồ sơ" }).ClickAsync();
        await Assertions.Expect(official.Locator("#done")).ToContainTextAsync("Yêu cầu bổ sung hồ sơ");
        await Assertions.Expect(official.Locator("#done").GetByRole(AriaRole.Link, new() { Name = "In Mẫu 02" })).ToBeVisibleAsync();

        // The citizen provides it through the citizen portal.
        var citizen = await Chromium.NewPageAsync();
        await citizen.GotoAsync($"{CitizenPortal}/dossiers/{id}");
        await PortalBrowser.SignInAsync(citizen, "nguyen.van.an");
        await citizen.GetByLabel($"Chọn tệp: {Ct01}").SetInputFilesAsync(new FilePayload { Name = "ct01-da-ky.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.GetByRole(AriaRole.Button, new() { Name = $"Tải lên: {Ct01}" }).ClickAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi bổ sung" }).ClickAsync();
        await Assertions.Expect(citizen.Locator("#done")).ToContainTextAsync("Đã gửi giấy tờ bổ sung");

        // The official adds the result; the head has it signed at the VNPT sandbox and watches the page follow, then approves.
        await official.GotoAsync($"{BackOffice}/dossiers/{id}");
        Assert.Equal("Đang xử lý", await PortalBrowser.TextAsync(official.Locator("#dossier-status")));
        await official.GetByLabel("Thêm tài liệu kết quả (PDF)").SetInputFilesAsync(new FilePayload { Name = "xac-nhan-thuong-tru.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await official.GetByRole(AriaRole.Button, new() { Name = "Tải lên kết quả" }).ClickAsync();
        Assert.Equal(0, await official.GetByRole(AriaRole.Button, new() { Name = "Ký số kết quả xac-nhan-thuong-tru.pdf" }).CountAsync());
        await head.GotoAsync($"{BackOffice}/dossiers/{id}");
        await head.GetByRole(AriaRole.Button, new() { Name = "Ký số kết quả xac-nhan-thuong-tru.pdf" }).ClickAsync();
        await Assertions.Expect(head.Locator(".signing-pending")).ToBeVisibleAsync();
        var resultId = await head.Locator("[data-result]").First.GetAttributeAsync("data-result");
        var signing = await Calls.SendAsync<SigningView>("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing");
        using (var sandbox = new HttpClient { BaseAddress = Calls.Sandbox })
        {
            using var confirmed = await sandbox.PostAsync($"/vnpt/sandbox/phone/transactions/{signing.TransactionId}/confirm", null, TestContext.Current.CancellationToken);
            confirmed.EnsureSuccessStatusCode();
        }

        var result = head.Locator($"[data-result='{resultId}']");
        await Assertions.Expect(result).ToContainTextAsync("Chữ ký số hợp lệ", new() { Timeout = 20_000 });
        Assert.Contains("001078012348", await PortalBrowser.TextAsync(result.Locator(".signer")), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(head);
        await PortalBrowser.ScreenshotAsync(head, "officials-dossier");
        await head.GetByRole(AriaRole.Button, new() { Name = "Phê duyệt kết quả" }).ClickAsync();
        Assert.Equal("Đã giải quyết xong", await PortalBrowser.TextAsync(head.Locator("#dossier-status")));

        // The clerk returns the result; the ledger lists the dossier.
        await clerk.GotoAsync($"{BackOffice}/dossiers/{id}");
        Assert.Equal(0, await clerk.GetByRole(AriaRole.Button, new() { Name = "Phê duyệt kết quả" }).CountAsync());
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Trả kết quả" }).ClickAsync();
        Assert.Equal("Đã trả kết quả", await PortalBrowser.TextAsync(clerk.Locator("#dossier-status")));
        await clerk.GotoAsync($"{BackOffice}/ledger");
        await PortalBrowser.AssertAccessibleAsync(clerk);
        var ledger = await PortalBrowser.DownloadAsync(clerk, clerk.GetByRole(AriaRole.Button, new() { Name = "Tải sổ theo dõi (PDF)" }));
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(ledger, 0, 4), StringComparison.Ordinal);
        var code = (await Calls.DossierAsync("clerk.badinh", id)).Code;
        Assert.Contains(code, PdfText.Of(ledger), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_statistics_page_shows_the_figures_the_API_gives_as_charts_each_with_its_table()
    {
        await OnlineDossierAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var page = await OfficialAsync("head.badinh", $"/statistics?period=month&from={today.Year}-01-01&to={today:yyyy-MM-dd}");
        var series = await Calls.SendAsync<StatisticsSeries>("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers/series?period=month&from={today.Year}-01-01&to={today.AddDays(1):yyyy-MM-dd}&agency=00004");
        var total = series.Total;
        var vi = System.Globalization.CultureInfo.GetCultureInfo("vi-VN");

        Assert.True(total.Received > 0);
        foreach (var (figure, value) in new[] { ("received", total.Received), ("processed", total.Processed), ("onTime", total.OnTime), ("late", total.Late) })
        {
            Assert.Equal(value.ToString("#,0", vi), await PortalBrowser.TextAsync(page.Locator($"[data-figure='{figure}']")));
        }

        Assert.Equal((total.OnlineShare * 100).ToString("0.#", vi) + " %", await PortalBrowser.TextAsync(page.Locator("[data-figure='onlineShare']")));
        var periods = series.Periods.Count;
        foreach (var chart in new[] { "received", "on-time", "online", "processing" })
        {
            await Assertions.Expect(page.Locator($"#{chart}-caption + svg rect.bar")).ToHaveCountAsync(periods);
            await Assertions.Expect(page.Locator($"#{chart}-data tbody tr")).ToHaveCountAsync(periods);
        }

        var lastMonth = series.Periods[periods - 1].ReceivedHere;
        Assert.Equal(lastMonth.ToString("#,0", vi), await PortalBrowser.TextAsync(page.Locator("#received-data tbody tr").Last.Locator("td")));
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "officials-statistics");

        var admin = await OfficialAsync("admin", $"/statistics?from={today.Year}-01-01&to={today:yyyy-MM-dd}");
        var ranking = await Calls.SendAsync<AgencyRanking>("admin", HttpMethod.Get, $"/api/statistics/agencies?from={today.Year}-01-01&to={today.AddDays(1):yyyy-MM-dd}");
        var first = ranking.Agencies[0];
        await Assertions.Expect(admin.Locator("#statistics-scope")).ToHaveTextAsync("Toàn thành phố");
        await Assertions.Expect(admin.Locator("#ranking tbody tr").First).ToHaveAttributeAsync("data-agency", first.Agency);
        await Assertions.Expect(admin.Locator("#ranking tbody tr").First.Locator("td").First).ToHaveTextAsync(first.Rank is { } rank ? rank.ToString(System.Globalization.CultureInfo.InvariantCulture) : "–");
        await PortalBrowser.AssertAccessibleAsync(admin);
    }

    [Fact]
    public async Task The_home_page_counts_the_agencys_new_near_due_and_overdue_dossiers_and_opens_each_as_a_filtered_worklist()
    {
        await OnlineDossierAsync();
        var clerk = await OfficialAsync("clerk.badinh", "/worklist");
        await clerk.GotoAsync($"{BackOffice}/");
        var waiting = await Calls.SendAsync<Dossier[]>("clerk.badinh", HttpMethod.Get, "/api/agencies/00004/worklist?status=1&limit=200");

        Assert.True(waiting.Length > 0);
        Assert.Equal(waiting.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await PortalBrowser.TextAsync(clerk.Locator("#glance-new .count")));
        await PortalBrowser.AssertAccessibleAsync(clerk);
        await PortalBrowser.ScreenshotAsync(clerk, "officials-home");
        await clerk.Locator("#glance-new a").ClickAsync();
        await Assertions.Expect(clerk.GetByLabel("Trạng thái")).ToHaveValueAsync("1");
        Assert.Equal(waiting.Length, await clerk.Locator("#worklist tbody tr").CountAsync());
    }

    [Fact]
    public async Task A_clerk_records_a_cash_payment_and_a_head_extends_the_deadline_with_form_04_to_print_while_documents_open_in_the_browser()
    {
        var id = await OnlineDossierAsync();
        await Calls.ActAsync("clerk.badinh", id, "Accept");
        await Calls.ActAsync("clerk.badinh", id, "RequestPayment");
        var clerk = await OfficialAsync("clerk.badinh", $"/dossiers/{id}");

        await clerk.GetByRole(AriaRole.Button, new() { Name = "Xác nhận đã thu tiền mặt" }).ClickAsync();
        await Assertions.Expect(clerk.Locator("#dossier-status")).ToHaveTextAsync("Đã tiếp nhận");
        var attachment = await clerk.Locator("#attachments a.view-link").First.GetAttributeAsync("href");
        await using (var viewed = await clerk.Context.APIRequest.GetAsync($"{BackOffice}{attachment}"))
        {
            Assert.Equal(200, viewed.Status);
            Assert.Equal("inline", viewed.Headers["content-disposition"]);
            Assert.Equal("nosniff", viewed.Headers["x-content-type-options"]);
            Assert.StartsWith("application/pdf", viewed.Headers["content-type"], StringComparison.Ordinal);
        }

        await Calls.ActAsync("clerk.badinh", id, "StartProcessing");
        var head = await OfficialAsync("head.badinh", $"/dossiers/{id}");
        var dueBefore = (await Calls.DossierAsync("head.badinh", id)).DueAt;
        var newDue = dueBefore.ToOffset(TimeSpan.FromHours(7)).AddDays(7);
        await head.GetByRole(AriaRole.Button, new() { Name = "Gia hạn giải quyết" }).ClickAsync();
        await Assertions.Expect(head.Locator("#reason-extenddeadline-error")).ToBeVisibleAsync();
        await Assertions.Expect(head.Locator("#due-extenddeadline-error")).ToBeVisibleAsync();
        await head.GetByLabel("Lý do gia hạn (in trên mẫu 04)").FillAsync("Cần xác minh thêm tại địa phương.");
        await head.GetByLabel("Ngày giờ hẹn trả mới").FillAsync(newDue.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await head.GetByRole(AriaRole.Button, new() { Name = "Gia hạn giải quyết" }).ClickAsync();

        var form04 = await PortalBrowser.DownloadAsync(head, head.Locator("#done").GetByRole(AriaRole.Link, new() { Name = "In Mẫu 04" }));
        Assert.Contains("xác minh thêm", PdfText.Of(form04), StringComparison.Ordinal);
        var dueAfter = (await Calls.DossierAsync("head.badinh", id)).DueAt;
        Assert.Equal(newDue.ToUniversalTime(), dueAfter.ToUniversalTime());
        await PortalBrowser.AssertAccessibleAsync(head);
    }

    [Fact]
    public async Task While_the_vendors_are_down_signing_says_to_try_later_with_nothing_changed_and_the_counter_takes_the_details_by_hand()
    {
        var id = await OnlineDossierAsync();
        await Calls.ActAsync("clerk.badinh", id, "Accept");
        await Calls.ActAsync("clerk.badinh", id, "StartProcessing");
        await Calls.UploadAsync("clerk.badinh", $"/api/dossiers/{id}/results", "ket-qua.pdf", Pdf);
        var versionBefore = (await Calls.DossierAsync("head.badinh", id)).Version;
        var head = await OfficialAsync("head.badinh", $"/dossiers/{id}");
        var clerk = await OfficialAsync("clerk.badinh", $"/counter/new?procedure={Residence}");

        await SandboxOutageAsync(true);
        try
        {
            await head.GetByRole(AriaRole.Button, new() { Name = "Ký số kết quả ket-qua.pdf" }).ClickAsync();
            await Assertions.Expect(head.Locator("#action-problem")).ToContainTextAsync("Dịch vụ ký số đang gián đoạn");
            await PortalBrowser.AssertAccessibleAsync(head);
            Assert.Equal(versionBefore, (await Calls.DossierAsync("head.badinh", id)).Version);

            await clerk.GetByLabel("Số định danh cá nhân (CCCD)").FillAsync(ApplicantId);
            await clerk.GetByLabel("Người nộp đồng ý cho tra cứu").CheckAsync();
            await clerk.GetByRole(AriaRole.Button, new() { Name = "Tra cứu CSDL dân cư" }).ClickAsync();
            await Assertions.Expect(clerk.Locator("#counter-problem")).ToContainTextAsync("đang gián đoạn");
            await Assertions.Expect(clerk.GetByLabel("Số định danh cá nhân (CCCD)")).ToHaveValueAsync(ApplicantId);
            await PortalBrowser.AssertAccessibleAsync(clerk);
            await clerk.GetByLabel("Họ và tên người nộp").FillAsync("Nguyễn Văn An");
            await clerk.GetByLabel(Ct01, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "ct01.pdf", MimeType = "application/pdf", Buffer = Pdf });
            await clerk.GetByLabel(Lodging, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "so-do.pdf", MimeType = "application/pdf", Buffer = Pdf });
            await clerk.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();
            await clerk.WaitForURLAsync(new Regex("/dossiers/[0-9a-f-]{36}\\?done=registered"));
            await Assertions.Expect(clerk.Locator(".timeline")).ToContainTextAsync("chưa được xác thực");
        }
        finally
        {
            await SandboxOutageAsync(false);
        }

        // Every replica's vendor clients answer again (an opened circuit breaker has closed) before the next test.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        for (var answered = 0; answered < 4;)
        {
            Assert.True(DateTime.UtcNow < deadline, "The platform's registry lookups did not recover within 90 s of the outage's end.");
            var status = await Calls.TrySendAsync("clerk.badinh", HttpMethod.Post, "/api/population/lookups", new { personalId = ApplicantId, purpose = "Kiểm tra sau sự cố", consentReference = "Kiểm thử" });
            answered = status == System.Net.HttpStatusCode.OK ? answered + 1 : 0;
            await Task.Delay(answered == 0 ? 1000 : 0, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task An_official_of_another_ward_gets_the_not_found_page_for_the_dossier()
    {
        var id = await OnlineDossierAsync();
        var other = await OfficialAsync("clerk.hoankiem", $"/dossiers/{id}");

        await Assertions.Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Không tìm thấy trang");
        Assert.DoesNotContain("Nguyễn Văn An", await other.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clerk_is_offered_only_the_clerks_steps_and_a_head_the_heads()
    {
        var id = await OnlineDossierAsync();
        await Calls.ActAsync("clerk.badinh", id, "Accept");
        await Calls.ActAsync("clerk.badinh", id, "StartProcessing");
        await Calls.UploadAsync("clerk.badinh", $"/api/dossiers/{id}/results", "ket-qua.pdf", Pdf);

        var clerk = await OfficialAsync("clerk.badinh", $"/dossiers/{id}");
        var head = await OfficialAsync("head.badinh", $"/dossiers/{id}");

        var clerkButtons = await clerk.Locator("#official-actions button, [data-result] button").AllTextContentsAsync();
        var headButtons = await head.Locator("#official-actions button, [data-result] button").AllTextContentsAsync();
        Assert.DoesNotContain(clerkButtons, text => text.Contains("Phê duyệt", StringComparison.Ordinal) || text.Contains("Ký số", StringComparison.Ordinal) || text.Contains("Gia hạn", StringComparison.Ordinal));
        Assert.Contains(headButtons, text => text.Contains("Phê duyệt kết quả", StringComparison.Ordinal));
        Assert.Contains(headButtons, text => text.Contains("Ký số kết quả", StringComparison.Ordinal));
        await PortalBrowser.AssertAccessibleAsync(clerk);
    }

    [Fact]
    public async Task An_action_on_a_page_someone_else_changed_first_is_refused_with_what_changed_and_the_reason_typed_is_kept()
    {
        var id = await OnlineDossierAsync();
        var late = await OfficialAsync("clerk.badinh", $"/dossiers/{id}");
        await Calls.ActAsync("clerk.badinh", id, "Accept");

        await late.GetByLabel("Lý do từ chối (in trên mẫu 03)").FillAsync("Hồ sơ không thuộc thẩm quyền của phường.");
        await late.GetByRole(AriaRole.Button, new() { Name = "Từ chối tiếp nhận" }).ClickAsync();

        await Assertions.Expect(late.Locator("#action-problem")).ToContainTextAsync("vừa được người khác cập nhật");
        await Assertions.Expect(late.Locator("#action-problem")).ToContainTextAsync("Tiếp nhận hồ sơ");
        Assert.Equal("Đã tiếp nhận", await PortalBrowser.TextAsync(late.Locator("#dossier-status")));
        await PortalBrowser.AssertAccessibleAsync(late);
        Assert.Equal(2, (await Calls.DossierAsync("clerk.badinh", id)).StatusCode);
    }

    [Fact]
    public async Task A_dossier_is_accepted_and_processing_started_with_the_keyboard_alone()
    {
        var id = await OnlineDossierAsync();
        var clerk = await OfficialAsync("clerk.badinh", "/worklist");

        await PortalBrowser.TabToAsync(clerk, $"#worklist a[href='/dossiers/{id}']");
        await clerk.Keyboard.PressAsync("Enter");
        await clerk.WaitForURLAsync($"{BackOffice}/dossiers/{id}");
        await PortalBrowser.TabToAsync(clerk, "#official-actions form[aria-label='Tiếp nhận hồ sơ'] button");
        await clerk.Keyboard.PressAsync("Enter");
        await Assertions.Expect(clerk.Locator("#dossier-status")).ToHaveTextAsync("Đã tiếp nhận");
        await PortalBrowser.TabToAsync(clerk, "#official-actions form[aria-label='Bắt đầu xử lý'] button");
        await clerk.Keyboard.PressAsync("Enter");

        await Assertions.Expect(clerk.Locator("#dossier-status")).ToHaveTextAsync("Đang xử lý");
    }

    [Fact]
    public async Task An_administrator_keeps_the_working_calendar_with_its_rules_next_to_the_field_and_sees_each_vendors_health()
    {
        var admin = await OfficialAsync("admin", "/admin/calendar?year=2026");
        await Assertions.Expect(admin.Locator("#days-off")).ToContainTextAsync("Tết Dương lịch");
        await PortalBrowser.AssertAccessibleAsync(admin);
        await PortalBrowser.ScreenshotAsync(admin, "officials-calendar");

        await admin.GotoAsync($"{BackOffice}/admin/calendar?year=2031");
        await admin.GetByLabel("Ngày nghỉ", new() { Exact = true }).FillAsync("2031-01-04 Một ngày thứ Bảy");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Lưu lịch" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#daysOff-error")).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByLabel("Ngày nghỉ", new() { Exact = true })).ToHaveValueAsync("2031-01-04 Một ngày thứ Bảy");
        await PortalBrowser.AssertAccessibleAsync(admin);

        await admin.GotoAsync($"{BackOffice}/admin/vendors");
        await Assertions.Expect(admin.Locator("tr[data-capability='PopulationRegistry']")).ToContainTextAsync("FPT");
        await Assertions.Expect(admin.Locator("#vendor-health")).ToContainTextAsync("Hoạt động tốt");
        await PortalBrowser.AssertAccessibleAsync(admin);
    }

    [Fact]
    public async Task On_a_375_px_phone_no_back_office_page_scrolls_sideways()
    {
        var id = await OnlineDossierAsync();
        var page = await OfficialAsync("clerk.badinh", "/worklist", phone: true);
        foreach (var path in new[] { "/", "/worklist", "/search?q=nguyen", $"/dossiers/{id}", $"/counter/new?procedure={Residence}", "/ledger" })
        {
            await page.GotoAsync($"{BackOffice}{path}");
            await PortalBrowser.AssertNoHorizontalScrollAsync(page);
            await PortalBrowser.AssertAccessibleAsync(page);
        }

        await page.GotoAsync($"{BackOffice}/worklist");
        await PortalBrowser.ScreenshotAsync(page, "officials-phone-worklist");
    }

    [Fact]
    public async Task A_clerk_of_one_ward_registers_for_another_which_sees_it_in_its_worklist_marked_as_transferred()
    {
        // Hoàn Kiếm's clerk, on a phone, receives a residence dossier whose competent agency is Ba Đình.
        var clerk = await OfficialAsync("clerk.hoankiem", $"/counter/new?procedure={Residence}", phone: true);
        var competent = clerk.GetByLabel("Cơ quan giải quyết");
        await Assertions.Expect(competent).ToHaveValueAsync("00070");
        await PortalBrowser.AssertNoHorizontalScrollAsync(clerk);
        await PortalBrowser.AssertAccessibleAsync(clerk);

        // A competent agency the platform does not know (a tampered form) is refused next to the field, with what was typed kept.
        await competent.EvaluateAsync("select => { select.add(new Option('Ngoài tỉnh', '01273')); select.value = '01273'; }");
        await clerk.GetByLabel("Số định danh cá nhân (CCCD)").FillAsync(ApplicantId);
        await clerk.GetByLabel("Họ và tên người nộp").FillAsync("Nguyễn Văn An");
        await clerk.GetByLabel(Ct01, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "ct01.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await clerk.GetByLabel(Lodging, new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "so-do.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();
        await Assertions.Expect(clerk.Locator("#competentAgency-error")).ToContainTextAsync("Chọn một cơ quan giải quyết");
        await Assertions.Expect(clerk.GetByLabel("Cơ quan giải quyết")).ToHaveValueAsync("01273");
        await Assertions.Expect(clerk.GetByLabel("Họ và tên người nộp")).ToHaveValueAsync("Nguyễn Văn An");
        await PortalBrowser.AssertAccessibleAsync(clerk);

        await clerk.GetByLabel("Cơ quan giải quyết").SelectOptionAsync("00004");
        await PortalBrowser.ScreenshotAsync(clerk, "officials-counter-for-another-ward");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();
        await clerk.WaitForURLAsync(new Regex("/dossiers/[0-9a-f-]{36}\\?done=registered"));
        var id = Regex.Match(clerk.Url, "/dossiers/([0-9a-f-]{36})").Groups[1].Value;
        var code = (await Calls.DossierAsync("clerk.hoankiem", id)).Code;
        Assert.StartsWith("00070-", code, StringComparison.Ordinal);
        Assert.Equal("Phường Hoàn Kiếm", await PortalBrowser.TextAsync(clerk.Locator("#dossier-received-at")));
        Assert.Equal("Phường Ba Đình", await PortalBrowser.TextAsync(clerk.Locator("#dossier-competent")));
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Chuyển hồ sơ đến cơ quan giải quyết" }).ClickAsync();
        await Assertions.Expect(clerk.Locator(".timeline")).ToContainTextAsync("Chuyển hồ sơ đến cơ quan giải quyết");
        await Assertions.Expect(clerk.Locator(".timeline")).ToContainTextAsync("Cán bộ một cửa – Phường Hoàn Kiếm");
        await PortalBrowser.ScreenshotAsync(clerk, "officials-dossier-received-for-another-ward");
        await PortalBrowser.AssertNoHorizontalScrollAsync(clerk);
        await PortalBrowser.AssertAccessibleAsync(clerk);

        // Ba Đình's official finds it among the dossiers transferred in, marked with where it was received.
        var official = await OfficialAsync("official.badinh", "/worklist?transferred=in");
        var row = official.Locator($"#worklist tr[data-dossier='{code}']");
        await Assertions.Expect(row).ToContainTextAsync("Chuyển đến từ Phường Hoàn Kiếm");
        await PortalBrowser.AssertAccessibleAsync(official);
        await PortalBrowser.ScreenshotAsync(official, "officials-worklist-transferred");
        var receiving = await OfficialAsync("clerk.hoankiem", "/worklist?transferred=out");
        await Assertions.Expect(receiving.Locator($"#worklist tr[data-dossier='{code}']")).ToContainTextAsync("Tiếp nhận tại Phường Hoàn Kiếm, chuyển đến Phường Ba Đình");
        await PortalBrowser.AssertAccessibleAsync(receiving);
    }

    /// <summary>Turns the sandbox's outage on or off: every vendor API of every face answers 503 while it is on.</summary>
    private async Task SandboxOutageAsync(bool outage)
    {
        using var sandbox = new HttpClient { BaseAddress = Calls.Sandbox };
        var settings = await sandbox.GetFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>("/sandbox/settings", TestContext.Current.CancellationToken);
        var changed = settings!.ToDictionary(pair => pair.Key, pair => (object)pair.Value);
        changed["outage"] = outage;
        using var put = await sandbox.PutAsJsonAsync("/sandbox/settings", changed, TestContext.Current.CancellationToken);
        put.EnsureSuccessStatusCode();
    }

    private async Task<string> OnlineDossierAsync()
    {
        var ct01 = await Calls.UploadAsync("nguyen.van.an", "/api/attachments", "ct01.pdf", Pdf);
        var lodging = await Calls.UploadAsync("nguyen.van.an", "/api/attachments", "so-do.pdf", Pdf);
        var submitted = await Calls.SendAsync<Dossier>("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new
        {
            procedureCode = Residence,
            agency = "00004",
            documents = new[] { new { documentCode = "to-khai-ct01", attachmentId = ct01 }, new { documentCode = "chung-minh-cho-o", attachmentId = lodging } },
        }, System.Net.HttpStatusCode.Created);
        return submitted.Id;
    }
}
