using System.Globalization;
using System.Text.RegularExpressions;
using HanoiEgov.Platform.Tests.AppHost;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// Interlinked declarations registered at the one-stop counter, in Chromium against the whole AppHost: the clerk of
/// Phường Ba Đình types the declaration a citizen brings on the same form the citizen has online, for the applicant
/// named, and lands on the interlinked dossier with its code, its parts and the receipt to print.
/// </summary>
[Collection(WholePlatformGroup.Name)]
[Trait("Category", "Browser")]
public sealed class InterlinkedCounterTests(WholePlatformFixture platform) : PortalTests(platform)
{
    private const string Clerk = "clerk.badinh";
    private const string ApplicantId = "001195012346";
    private const string Householder = "001090012345";
    private static readonly string[] BirthDocuments = ["to-khai", "giay-chung-sinh", "giay-to-tuy-than"];

    private static string Today(int daysAgo) => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7).AddDays(-daysAgo)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_clerk_registers_a_birth_declaration_at_the_counter_a_bad_applicants_ID_is_shown_next_to_it_keeping_what_was_typed_and_the_dossier_shows_its_parts_and_the_receipt()
    {
        var page = await OfficialAsync(Clerk, "/counter/new");
        await page.Locator("#interlinked-counter").GetByRole(AriaRole.Link, new() { Name = "khai sinh" }).ClickAsync();
        await page.WaitForURLAsync($"{BackOffice}/interlinked/counter/birth");
        Assert.Contains("Phường Ba Đình", await PortalBrowser.TextAsync(page.Locator("#receiving-agency")), StringComparison.Ordinal);
        Assert.Equal("", await page.GetByLabel("Số định danh cá nhân của mẹ").InputValueAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "officials-interlinked-counter-birth");

        await FillAsync(page, [
            ("Số định danh cá nhân của người nộp", "001195"), ("Họ và tên người nộp", "Trần Thị Bình"), ("Họ, chữ đệm và tên của trẻ", "Nguyễn Minh Khôi"),
            ("Ngày sinh", Today(10)), ("Nơi sinh", "Bệnh viện Phụ sản Hà Nội"), ("Số định danh cá nhân của mẹ", ApplicantId), ("Họ và tên của mẹ", "Trần Thị Bình"),
            ("Số định danh cá nhân của chủ hộ", Householder), ("Địa chỉ thường trú", "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội"),
        ]);
        await page.GetByLabel("Giới tính").SelectOptionAsync("Nam");
        foreach (var code in BirthDocuments)
        {
            await page.Locator($"#file-{code}").SetInputFilesAsync(new FilePayload { Name = $"{code}.pdf", MimeType = "application/pdf", Buffer = Pdf });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#applicant-id-error")).ToContainTextAsync("Số định danh cá nhân của người nộp không hợp lệ");
        Assert.Equal("true", await page.GetByLabel("Số định danh cá nhân của người nộp").GetAttributeAsync("aria-invalid"));
        Assert.Equal("001195", await page.GetByLabel("Số định danh cá nhân của người nộp").InputValueAsync());
        Assert.Equal("Trần Thị Bình", await page.GetByLabel("Họ và tên người nộp").InputValueAsync());
        Assert.Equal("Nguyễn Minh Khôi", await page.GetByLabel("Họ, chữ đệm và tên của trẻ").InputValueAsync());
        Assert.Equal("Số 12 Đội Cấn, Phường Ba Đình, Hà Nội", await page.GetByLabel("Địa chỉ thường trú").InputValueAsync());
        foreach (var code in BirthDocuments)
        {
            Assert.Contains($"{code}.pdf", await PortalBrowser.TextAsync(page.Locator($"#uploaded-{code}")), StringComparison.Ordinal);
        }

        Assert.Equal(0, await page.Locator("#child-name-error").CountAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "officials-interlinked-counter-birth-error");

        await page.GetByLabel("Số định danh cá nhân của người nộp").FillAsync(ApplicantId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();

        await PartsAndTheReceiptAsync(page, "Trần Thị Bình", parts: 4);
        await PortalBrowser.ScreenshotAsync(page, "officials-interlinked-counter-registered");
    }

    [Fact]
    public async Task The_clerk_registers_a_death_declaration_with_a_survivor_claim_at_the_counter_a_relative_without_a_relationship_shown_next_to_it_and_the_dossier_shows_its_parts_and_the_receipt()
    {
        var page = await OfficialAsync(Clerk, "/interlinked");
        await page.Locator("#interlinked-counter").GetByRole(AriaRole.Link, new() { Name = "khai tử" }).ClickAsync();
        await page.WaitForURLAsync($"{BackOffice}/interlinked/counter/death");
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "officials-interlinked-counter-death");

        await FillAsync(page, [
            ("Số định danh cá nhân của người nộp", Householder), ("Họ và tên người nộp", "Nguyễn Văn An"), ("Số định danh cá nhân của người chết", "001061521665"),
            ("Họ và tên người chết", "Ngô Quốc Tuấn"), ("Ngày chết", Today(2)), ("Nơi chết", "Bệnh viện Bạch Mai"), ("Quan hệ với người chết", "Con"),
        ]);
        await page.Locator("#file-to-khai").SetInputFilesAsync(new FilePayload { Name = "to-khai.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.Locator("#file-giay-bao-tu").SetInputFilesAsync(new FilePayload { Name = "giay-bao-tu.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.GetByRole(AriaRole.Radio, new() { Name = "Hằng tháng" }).CheckAsync();
        await FillAsync(page, [("Số định danh cá nhân của thân nhân 1", "001318157030"), ("Họ và tên thân nhân 1", "Lê Ngọc Vân"), ("Ngày sinh của thân nhân 1", "2018-04-26")]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#relative-1-relationship-error")).ToContainTextAsync("Chọn quan hệ của thân nhân với người chết");
        Assert.Equal("Lê Ngọc Vân", await page.GetByLabel("Họ và tên thân nhân 1").InputValueAsync());
        Assert.True(await page.GetByRole(AriaRole.Radio, new() { Name = "Hằng tháng" }).IsCheckedAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "officials-interlinked-counter-death-survivors-refused");
        await page.GetByLabel("Quan hệ của thân nhân 1 với người chết").SelectOptionAsync("Con");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();

        await PartsAndTheReceiptAsync(page, "Nguyễn Văn An", parts: 3);
    }

    [Fact]
    public async Task On_a_375_px_phone_the_counter_declaration_pages_do_not_scroll_sideways_and_pass_axe()
    {
        var page = await OfficialAsync(Clerk, "/interlinked/counter/birth", phone: true);
        foreach (var group in new[] { "birth", "death" })
        {
            await PortalBrowser.AssertFitsAndAccessibleAsync(page, $"{BackOffice}/interlinked/counter/{group}", $"officials-phone-interlinked-counter-{group}");
        }
    }

    [Fact]
    public async Task The_counter_birth_declaration_can_be_done_with_the_keyboard_alone()
    {
        var page = await OfficialAsync(Clerk, "/interlinked/counter/birth");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        foreach (var (input, text) in new[]
        {
            ("#applicant-id", ApplicantId), ("#applicant-name", "Trần Thị Bình"), ("#child-name", "Lê Gia Hân"), ("#child-place", "Bệnh viện Bạch Mai"),
            ("#mother-id", ApplicantId), ("#mother-name", "Trần Thị Bình"), ("#householder-id", Householder), ("#address", "Số 5 Kim Mã, Phường Ba Đình, Hà Nội"),
        })
        {
            await PortalBrowser.TabToAsync(page, input);
            await page.Keyboard.TypeAsync(text);
        }

        var born = Today(10);
        await Chromium.TypeDateAsync(page, "#child-birth", DateOnly.ParseExact(born, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        await PortalBrowser.TabToAsync(page, "#child-gender");
        await page.Keyboard.TypeAsync("Nam");
        foreach (var code in BirthDocuments)
        {
            await PortalBrowser.TabToAsync(page, $"#file-{code}");
            // The file chooser is the system's own window; the focused input receives the file as if chosen there.
            await page.Locator($"#file-{code}").SetInputFilesAsync(new FilePayload { Name = $"{code}.pdf", MimeType = "application/pdf", Buffer = Pdf });
        }

        await PortalBrowser.TabToAsync(page, "#submit-birth");
        await page.Keyboard.PressAsync("Enter");

        await PartsAndTheReceiptAsync(page, "Trần Thị Bình", parts: 4);
    }

    private static async Task FillAsync(IPage page, (string Label, string Value)[] fields)
    {
        foreach (var (label, value) in fields)
        {
            await page.GetByLabel(label).FillAsync(value);
        }
    }

    /// <summary>The clerk lands on the back office's interlinked dossier: the commune's code, the applicant named, the group's parts, the whole's form 01 to print.</summary>
    private static async Task PartsAndTheReceiptAsync(IPage page, string applicant, int parts)
    {
        await page.WaitForURLAsync(new Regex("/interlinked/[0-9a-f-]{36}\\?done=registered$"));
        Assert.Matches(new Regex(@"^00004-\d{6}-\d{4}$"), await PortalBrowser.TextAsync(page.Locator("#interlinked-code")));
        Assert.Contains(applicant, await PortalBrowser.TextAsync(page.Locator("#interlinked-applicant")), StringComparison.Ordinal);
        Assert.Equal(parts, await page.Locator("#interlinked-parts tbody tr").CountAsync());
        Assert.Equal(1, await page.Locator("#interlinked-parts tbody tr").First.GetByRole(AriaRole.Link, new() { Name = "Xem hồ sơ" }).CountAsync());
        var receipt = await PortalBrowser.DownloadAsync(page, page.Locator("#done").GetByRole(AriaRole.Link, new() { Name = "In Mẫu 01" }));
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(receipt, 0, 4), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
    }
}
