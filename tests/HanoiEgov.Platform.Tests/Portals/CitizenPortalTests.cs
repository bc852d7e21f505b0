using System.Text.Json;
using System.Text.RegularExpressions;
using HanoiEgov.Platform.Tests.AppHost;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Platform.Tests.Vendors;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// The citizen portal as citizens use it, in Debian's Chromium against the whole AppHost: pages found by role and
/// label, every page checked with axe-core (WCAG 2.1 AA), officials' steps taken through the platform API.
/// </summary>
[Collection(WholePlatformGroup.Name)]
[Trait("Category", "Browser")]
public sealed partial class CitizenPortalTests(WholePlatformFixture platform) : PortalTests(platform)
{
    private const string Residence = "1.004222";
    private const string TemporaryResidence = "1.004194";
    private const string Ct01 = "Tờ khai thay đổi thông tin cư trú (CT01)";
    private const string Lodging = "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp";

    [Fact]
    public async Task Anyone_finds_a_procedure_by_name_without_diacritics_and_reads_its_fees_documents_and_due_time()
    {
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync($"{CitizenPortal}/");
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-home");

        await page.GetByLabel("Tìm thủ tục hành chính").FillAsync("dang ky thuong tru");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/procedures\\?q="));
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Đăng ký thường trú", Exact = true }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Đăng ký khai sinh", Exact = true }).CountAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-procedures");

        await page.GetByLabel("Lĩnh vực").SelectOptionAsync("Hộ tịch");
        await page.GetByLabel("Tên hoặc mã thủ tục").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Đăng ký khai sinh", Exact = true }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Đăng ký thường trú", Exact = true }).CountAsync());

        await page.GotoAsync($"{CitizenPortal}/procedures/{Residence}");
        Assert.Equal("Đăng ký thường trú", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        var fees = page.GetByRole(AriaRole.Table).First;
        Assert.Contains("20.000 đ", await fees.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Miễn phí", await fees.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains(Ct01, await page.Locator("#required-documents").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("7 ngày làm việc", await page.Locator("#processing-time").TextContentAsync(), StringComparison.Ordinal);
        Assert.Matches(new Regex(@"hẹn trả kết quả \d\d:\d\d ngày \d\d/\d\d/20\d\d"), await page.Locator("#due-now").TextContentAsync());
        Assert.Contains("Luật Cư trú 2020", await page.ContentAsync(), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-procedure");

        await page.GotoAsync($"{CitizenPortal}/agencies");
        await page.GetByLabel("Tên phường, xã hoặc cơ quan").FillAsync("hoan kiem");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("q=hoan"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Cell, new() { Name = "Phường Hoàn Kiếm" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Cell, new() { Name = "Phường Ba Đình" }).CountAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_citizen_submits_permanent_residence_with_two_uploads_and_a_double_click_makes_one_dossier()
    {
        var before = await DossierCountAsync("nguyen.van.an");
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync($"{CitizenPortal}/procedures/{Residence}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ trực tuyến" }).ClickAsync();
        await PortalBrowser.SignInAsync(page, "nguyen.van.an");
        await page.WaitForURLAsync(new Regex($"/procedures/{Regex.Escape(Residence)}/submit"));
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-submit-agency");

        await page.GetByLabel("Phường, xã tiếp nhận hồ sơ").SelectOptionAsync(new SelectOptionValue { Label = "Phường Ba Đình" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
        await UploadAsync(page, Ct01, "to-khai-ct01.pdf");
        await UploadAsync(page, Lodging, "so-do-nha.pdf");
        Assert.Contains("so-do-nha.pdf", await page.Locator("#uploaded-chung-minh-cho-o").TextContentAsync(), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-submit-documents");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();

        Assert.Contains("Phường Ba Đình", await page.Locator("#review-agency").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Miễn phí", await page.Locator("#review-fee").TextContentAsync());
        Assert.Matches(new Regex(@"\d\d:\d\d ngày \d\d/\d\d/20\d\d"), await page.Locator("#review-due").TextContentAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-submit-review");

        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).DblClickAsync();
        await page.WaitForURLAsync(new Regex("/submit/done/"));
        var code = await page.Locator("#dossier-code").TextContentAsync();
        Assert.Matches(new Regex(@"^00004-\d{6}-\d{4}$"), code);
        Assert.Matches(new Regex(@"\d\d:\d\d ngày \d\d/\d\d/20\d\d"), await page.Locator("#dossier-due").TextContentAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-submitted");

        // The browser sends the same submission again (a reload of the POST, a retry after a lost answer).
        await page.GoBackAsync();
        await page.ReloadAsync();
        Assert.Equal(before + 1, await DossierCountAsync("nguyen.van.an"));

        await page.GotoAsync($"{CitizenPortal}/dossiers");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = code! });
        Assert.Contains("Mới đăng ký", await row.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Trong hạn", await row.TextContentAsync(), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-my-dossiers");
    }

    [Fact]
    public async Task A_forbidden_file_type_or_a_file_over_10_MB_is_refused_next_to_the_document_and_nothing_is_uploaded()
    {
        var page = await SignedInAtDocumentsStepAsync("le.minh.chau");

        await page.GetByLabel($"Chọn tệp: {Ct01}").SetInputFilesAsync(new FilePayload { Name = "trang.html", MimeType = "text/html", Buffer = "<html></html>"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Tải lên: {Ct01}" }).ClickAsync();
        var error = page.Locator("#file-to-khai-ct01-error");
        Assert.Contains($"Tệp cho “{Ct01}” phải là PDF, JPG hoặc PNG", await error.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await page.GetByLabel($"Chọn tệp: {Ct01}").GetAttributeAsync("aria-invalid"));
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-upload-error");

        await page.GetByLabel($"Chọn tệp: {Lodging}").SetInputFilesAsync(new FilePayload { Name = "lon.pdf", MimeType = "application/pdf", Buffer = new byte[11 * 1024 * 1024] });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Tải lên: {Lodging}" }).ClickAsync();
        Assert.Contains($"Tệp cho “{Lodging}” lớn hơn 10 MB", await page.Locator("#file-chung-minh-cho-o-error").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.GetByText("Đã tải lên").CountAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
        Assert.Contains($"Hãy tải lên “{Ct01}”", await page.Locator("#error-summary").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_that_ends_in_the_middle_of_the_wizard_comes_back_to_the_same_step_with_the_uploads_kept()
    {
        var page = await SignedInAtDocumentsStepAsync("le.minh.chau");
        await UploadAsync(page, Ct01, "ct01-truoc-khi-het-phien.pdf");

        await page.Context.ClearCookiesAsync(new BrowserContextClearCookiesOptions { Name = "citizen-portal.session" });
        await page.ReloadAsync();

        await page.WaitForURLAsync(new Regex("step=documents"));
        Assert.Contains("ct01-truoc-khi-het-phien.pdf", await page.Locator("#uploaded-to-khai-ct01").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).CountAsync());
    }

    [Fact]
    public async Task A_citizen_withdraws_after_confirming_and_the_button_is_gone()
    {
        var id = await SubmitThroughApiAsync("le.minh.chau");
        var page = await CitizenAsync("le.minh.chau", $"/dossiers/{id}");
        await PortalBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Rút hồ sơ" }).ClickAsync();
        Assert.Equal(1, await page.GetByRole(AriaRole.Alertdialog, new() { Name = "Bạn có chắc muốn rút hồ sơ này?" }).CountAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Có, rút hồ sơ" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("done=withdrawn"));
        Assert.Equal("Công dân đã rút hồ sơ", await PortalBrowser.TextAsync(page.Locator("#dossier-status")));
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Rút hồ sơ" }).CountAsync());
        Assert.Equal(7, (await Calls.DossierAsync("le.minh.chau", id)).StatusCode);
    }

    [Fact]
    public async Task Anyone_looks_a_dossier_up_by_code_and_the_last_four_digits_and_sees_no_personal_data()
    {
        var id = await SubmitThroughApiAsync("nguyen.van.an");
        var code = (await Calls.DossierAsync("nguyen.van.an", id)).Code;
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync($"{CitizenPortal}/track");

        await page.GetByLabel("Mã hồ sơ").FillAsync(code);
        await page.GetByLabel("4 số cuối số định danh cá nhân").FillAsync("9999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        Assert.Contains("Không tìm thấy hồ sơ", await page.Locator("#lookup-problem").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(code, await page.GetByLabel("Mã hồ sơ").InputValueAsync());

        await page.GetByLabel("4 số cuối số định danh cá nhân").FillAsync("2345");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        var result = page.Locator("#lookup-result");
        Assert.Contains("Mới đăng ký", await result.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Đăng ký thường trú", await result.TextContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Nguyễn Văn An", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("001090012345", await page.ContentAsync(), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-track");

        await page.GetByLabel("4 số cuối số định danh cá nhân").FillAsync("12a");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        Assert.Contains("Nhập đúng 4 chữ số", await page.Locator("#digits-error").TextContentAsync(), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_supplement_the_agency_asks_for_is_provided_with_an_upload_and_processing_goes_on()
    {
        var id = await SubmitThroughApiAsync("tran.thi.binh");
        await Calls.ActAsync("clerk.badinh", id, "RequestSupplement", "Tờ khai CT01 thiếu chữ ký của chủ hộ.");
        var page = await CitizenAsync("tran.thi.binh", $"/dossiers/{id}");

        Assert.Equal("Yêu cầu bổ sung hồ sơ", await PortalBrowser.TextAsync(page.Locator("#dossier-status")));
        Assert.Contains("thiếu chữ ký của chủ hộ", await page.Locator("#supplement-reason").TextContentAsync(), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-supplement");

        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi bổ sung" }).ClickAsync();
        Assert.Contains("ít nhất một giấy tờ", await page.Locator("#supplement-error").TextContentAsync(), StringComparison.Ordinal);

        await page.GetByLabel($"Chọn tệp: {Ct01}").SetInputFilesAsync(new FilePayload { Name = "ct01-da-ky.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Tải lên: {Ct01}" }).ClickAsync();
        Assert.Contains("ct01-da-ky.pdf", await page.Locator("#supplement-uploaded-to-khai-ct01").TextContentAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi bổ sung" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("done=supplemented"));
        Assert.Equal("Mới đăng ký", await PortalBrowser.TextAsync(page.Locator("#dossier-status")));
        Assert.Contains("ct01-da-ky.pdf", await page.Locator("#attachments").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Bổ sung hồ sơ", await page.GetByRole(AriaRole.List, new() { Name = "Các bước đã thực hiện" }).TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Mẫu 02", await page.Locator("#forms").TextContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_counter_dossier_asked_to_pay_is_paid_at_the_Viettel_sandbox_after_one_cancel_then_its_result_is_signed_downloaded_and_verified()
    {
        var id = await RegisterAtCounterAsync("tran.thi.binh", "001195012346", "Trần Thị Bình");
        await Calls.ActAsync("clerk.badinh", id, "RequestPayment");
        var page = await CitizenAsync("tran.thi.binh", $"/dossiers/{id}");
        Assert.Equal("Chờ thực hiện nghĩa vụ tài chính", await PortalBrowser.TextAsync(page.Locator("#dossier-status")));

        await page.GetByRole(AriaRole.Link, new() { Name = "Thanh toán lệ phí" }).ClickAsync();
        Assert.Contains("15.000 đ", await page.Locator("#fee-lines").TextContentAsync(), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-pay");

        await page.GetByRole(AriaRole.Button, new() { Name = "Thanh toán trực tuyến" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Hủy" }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/dossiers/{id}/pay/return"));
        Assert.Equal("not-paid", await page.Locator("#pay-outcome").GetAttributeAsync("data-outcome"));
        await PortalBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Thanh toán lại" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Thanh toán trực tuyến" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Thanh toán", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex($"/dossiers/{id}/pay/return"));
        Assert.Equal("paid", await page.Locator("#pay-outcome").GetAttributeAsync("data-outcome"));
        await PortalBrowser.ScreenshotAsync(page, "citizen-paid");
        await page.GetByRole(AriaRole.Link, new() { Name = "Về trang hồ sơ" }).ClickAsync();
        Assert.Equal("Đã tiếp nhận", await PortalBrowser.TextAsync(page.Locator("#dossier-status")));
        Assert.Equal(2, (await Calls.DossierAsync("tran.thi.binh", id)).StatusCode);

        // The ward processes it, a head has the result signed at VNPT's sandbox, the citizen downloads and checks it.
        await Calls.ActAsync("clerk.badinh", id, "StartProcessing");
        var resultId = await Calls.UploadAsync("clerk.badinh", $"/api/dossiers/{id}/results", "xac-nhan-tam-tru.pdf", Pdf);
        var signing = await Calls.SendAsync<SigningView>("head.badinh", HttpMethod.Post, $"/api/dossiers/{id}/results/{resultId}/signing", expected: System.Net.HttpStatusCode.Accepted);
        using (var sandbox = new HttpClient { BaseAddress = Calls.Sandbox })
        {
            using var confirm = await sandbox.PostAsync($"/vnpt/sandbox/phone/transactions/{signing.TransactionId}/confirm", null, TestContext.Current.CancellationToken);
            confirm.EnsureSuccessStatusCode();
        }

        await Calls.SendAsync("head.badinh", HttpMethod.Get, $"/api/dossiers/{id}/results/{resultId}/signing");
        await page.ReloadAsync();
        var result = page.Locator($"[data-result='{resultId}']");
        Assert.Contains("Chữ ký số hợp lệ", await result.TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("001078012348", await result.Locator(".signer").TextContentAsync(), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-dossier-result");

        var pdf = await PortalBrowser.DownloadAsync(page, result.GetByRole(AriaRole.Link, new() { Name = "Tải kết quả (PDF)" }));
        var p7s = await PortalBrowser.DownloadAsync(page, result.GetByRole(AriaRole.Link, new() { Name = "Tải chữ ký số (.p7s)" }));
        using var ca = new HttpClient { BaseAddress = Calls.Sandbox };
        var root = await ca.GetByteArrayAsync("/vnpt/ca/root.pem", TestContext.Current.CancellationToken);
        var (exitCode, output) = await SandboxSigningTests.OpenSslVerifyAsync(p7s, pdf, root);
        Assert.True(exitCode == 0, output);
        Assert.Equal(Pdf, pdf);
    }

    [Fact]
    public async Task Another_citizens_dossier_shows_the_not_found_page()
    {
        var id = await SubmitThroughApiAsync("nguyen.van.an");
        var page = await CitizenAsync("le.minh.chau", "/dossiers");

        var response = await page.GotoAsync($"{CitizenPortal}/dossiers/{id}");

        Assert.Equal(404, response!.Status);
        Assert.Equal(1, await page.Locator("#not-found").CountAsync());
        Assert.Equal(404, (await page.APIRequest.GetAsync($"{CitizenPortal}/dossiers/{id}/forms/01")).Status);
        await PortalBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task The_whole_submission_can_be_done_with_the_keyboard_alone()
    {
        var before = await DossierCountAsync("le.minh.chau");
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync($"{CitizenPortal}/procedures/{Residence}/submit");
        await PortalBrowser.SignInAsync(page, "le.minh.chau");
        await page.WaitForURLAsync(new Regex("/submit"));
        if (page.Url.Contains("step=", StringComparison.Ordinal))
        {
            await page.GotoAsync($"{CitizenPortal}/procedures/{Residence}/submit?step=agency");
        }

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        await PortalBrowser.TabToAsync(page, "#agency");
        await page.Keyboard.TypeAsync("Phường Ba Đình");
        await PortalBrowser.TabToAsync(page, "#agency-continue");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("step=documents"));

        foreach (var (label, code) in new[] { (Ct01, "to-khai-ct01"), (Lodging, "chung-minh-cho-o") })
        {
            await PortalBrowser.TabToAsync(page, $"#file-{code}");
            // The file chooser is the system's own window; the focused input receives the file as if chosen there.
            await page.Locator($"#file-{code}").SetInputFilesAsync(new FilePayload { Name = $"{code}.pdf", MimeType = "application/pdf", Buffer = Pdf });
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal($"Tải lên: {label}", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
            await page.Keyboard.PressAsync("Enter");
            await page.Locator($"#uploaded-{code}").WaitForAsync();
        }

        await PortalBrowser.TabToAsync(page, "#documents-continue");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("step=review"));
        await PortalBrowser.TabToAsync(page, "#submit-dossier");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/submit/done/"));
        Assert.Equal(before + 1, await DossierCountAsync("le.minh.chau"));
    }

    [Fact]
    public async Task On_a_375_px_phone_no_page_scrolls_sideways()
    {
        var id = await SubmitThroughApiAsync("nguyen.van.an");
        var page = await CitizenAsync("nguyen.van.an", "/dossiers", phone: true);
        foreach (var (path, name) in new[]
        {
            ("/", "home"), ("/procedures", "procedures"), ($"/procedures/{Residence}", "procedure"), ("/agencies", "agencies"), ("/track", "track"),
            ("/dossiers", "my-dossiers"), ($"/dossiers/{id}", "dossier"), ($"/procedures/{Residence}/submit?step=agency", "submit"), ("/profile", "profile"),
        })
        {
            await page.GotoAsync($"{CitizenPortal}{path}");
            await PortalBrowser.AssertNoHorizontalScrollAsync(page);
            await PortalBrowser.AssertAccessibleAsync(page);
            await PortalBrowser.ScreenshotAsync(page, $"citizen-phone-{name}");
        }
    }

    [Fact]
    public async Task The_English_switch_keeps_the_page_and_Vietnamese_comes_back_the_same_way()
    {
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync($"{CitizenPortal}/procedures/{Residence}");
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await page.WaitForURLAsync($"{CitizenPortal}/procedures/{Residence}");
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("Permanent residence registration", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Apply online" }).CountAsync());
        await PortalBrowser.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Tiếng Việt" }).ClickAsync();
        await page.WaitForURLAsync($"{CitizenPortal}/procedures/{Residence}");
        Assert.Equal("Đăng ký thường trú", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync());
    }

    private async Task<IPage> SignedInAtDocumentsStepAsync(string citizen)
    {
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync($"{CitizenPortal}/procedures/{Residence}/submit");
        await PortalBrowser.SignInAsync(page, citizen);
        await page.WaitForURLAsync(new Regex("/submit"));
        await page.GotoAsync($"{CitizenPortal}/procedures/{Residence}/submit?step=agency");
        await page.GetByLabel("Phường, xã tiếp nhận hồ sơ").SelectOptionAsync(new SelectOptionValue { Label = "Phường Ba Đình" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp tục" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("step=documents"));
        return page;
    }

    private static async Task UploadAsync(IPage page, string document, string fileName)
    {
        await page.GetByLabel(new Regex($"^(Chọn tệp|Thay bằng tệp khác): {Regex.Escape(document)}$")).SetInputFilesAsync(
            new FilePayload { Name = fileName, MimeType = "application/pdf", Buffer = Pdf });
        await page.GetByRole(AriaRole.Button, new() { Name = $"Tải lên: {document}" }).ClickAsync();
        await page.GetByText(fileName).First.WaitForAsync();
    }

    private async Task<int> DossierCountAsync(string citizen) =>
        (await Calls.SendAsync<Dossier[]>(citizen, HttpMethod.Get, "/api/dossiers")).Length;

    private async Task<string> SubmitThroughApiAsync(string citizen)
    {
        object[] documents =
        [
            new { documentCode = "to-khai-ct01", attachmentId = await Calls.UploadAsync(citizen, "/api/attachments", "ct01.pdf", Pdf) },
            new { documentCode = "chung-minh-cho-o", attachmentId = await Calls.UploadAsync(citizen, "/api/attachments", "cho-o.pdf", Pdf) },
        ];
        var dossier = await Calls.SendAsync<Dossier>(citizen, HttpMethod.Post, "/api/dossiers", new { procedureCode = Residence, agency = "00004", documents }, System.Net.HttpStatusCode.Created);
        return dossier.Id;
    }

    private async Task<string> RegisterAtCounterAsync(string citizen, string personalId, string name)
    {
        _ = citizen;
        object[] documents =
        [
            new { documentCode = "to-khai-ct01", attachmentId = await Calls.UploadAsync("clerk.badinh", "/api/attachments", "ct01-quet.pdf", Pdf) },
            new { documentCode = "chung-minh-cho-o", attachmentId = await Calls.UploadAsync("clerk.badinh", "/api/attachments", "cho-o-quet.pdf", Pdf) },
        ];
        var dossier = await Calls.SendAsync<Dossier>("clerk.badinh", HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = TemporaryResidence, applicantId = personalId, applicantName = name, documents }, System.Net.HttpStatusCode.Created);
        return dossier.Id;
    }
}
