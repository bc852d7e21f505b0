using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Aspire.Hosting.Testing;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.AppHost;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Playwright;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// Interlinked dossiers (Decree 63/2024 as Decree 301/2026 amends it) in both portals, in Chromium against the whole
/// AppHost: a parent declares a birth once and follows its four parts; the ward's head sees the whole with its parts. Until the LGSP vendor module
/// is in the AppHost, the police's and BHXH's parts wait, so these tests see the submission, the parts and who decides them.
/// </summary>
[Collection(WholePlatformGroup.Name)]
[Trait("Category", "Browser")]
public sealed class InterlinkedPortalTests(WholePlatformFixture platform) : PortalTests(platform)
{
    private const string BirthGroup = "3.000722";
    private const string Mother = "tran.thi.binh";
    private const string MotherId = "001195012346";
    private const string Householder = "001090012345";

    private static readonly (string Code, string Name)[] BirthDocuments =
    [
        ("to-khai", "Tờ khai điện tử liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế, cấp thẻ căn cước"),
        ("giay-chung-sinh", "Giấy chứng sinh hoặc văn bản thay thế"),
        ("giay-to-tuy-than", "Giấy tờ tùy thân của người đi đăng ký"),
    ];

    private static DateOnly Born => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7).AddDays(-10));

    [Fact]
    public async Task The_page_of_a_retired_group_takes_the_visitor_to_the_group_that_replaced_it_saying_so_and_its_form_lists_the_identity_card()
    {
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync($"{CitizenPortal}/procedures/2.000986");

        await page.WaitForURLAsync($"{CitizenPortal}/procedures/{BirthGroup}?replaced=2.000986");
        var notice = await PortalBrowser.TextAsync(page.Locator("#replaced"));
        Assert.Contains("Thủ tục 2.000986 không còn tiếp nhận hồ sơ từ 01/09/2026", notice, StringComparison.Ordinal);
        Assert.Contains("cấp thẻ căn cước", await PortalBrowser.TextAsync(page.Locator("h1")), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-procedure-replaced");

        // A visitor who names a code this one did not replace is told nothing of the kind.
        await page.GotoAsync($"{CitizenPortal}/procedures/{BirthGroup}?replaced=1.004222");
        Assert.Equal(0, await page.Locator("#replaced").CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ liên thông trực tuyến" }).ClickAsync();
        await PortalBrowser.SignInAsync(page, Mother);
        await page.WaitForURLAsync($"{CitizenPortal}/interlinked/birth");
        Assert.Contains("bốn thủ tục", await PortalBrowser.TextAsync(page.Locator(".lead")), StringComparison.Ordinal);
        Assert.Contains("cấp thẻ căn cước cho trẻ em dưới 6 tuổi", await PortalBrowser.TextAsync(page.Locator(".lead")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_mothers_ID_is_refused_next_to_its_field_keeping_what_was_typed_and_the_corrected_declaration_shows_four_parts_and_who_decides_each()
    {
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync($"{CitizenPortal}/procedures/{BirthGroup}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ liên thông trực tuyến" }).ClickAsync();
        await PortalBrowser.SignInAsync(page, Mother);
        await page.WaitForURLAsync($"{CitizenPortal}/interlinked/birth");
        Assert.Equal(MotherId, await page.GetByLabel("Số định danh cá nhân của mẹ").InputValueAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-interlinked-birth");

        await page.GetByLabel("Phường, xã tiếp nhận hồ sơ").SelectOptionAsync(new SelectOptionValue { Label = "Phường Ba Đình" });
        await page.GetByLabel("Họ, chữ đệm và tên của trẻ").FillAsync("Nguyễn Minh Khôi");
        await page.GetByLabel("Ngày sinh").FillAsync(Born.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Giới tính").SelectOptionAsync("Nam");
        await page.GetByLabel("Nơi sinh").FillAsync("Bệnh viện Phụ sản Hà Nội");
        await page.GetByLabel("Số định danh cá nhân của mẹ").FillAsync("001195");
        await page.GetByLabel("Số định danh cá nhân của chủ hộ").FillAsync(Householder);
        await page.GetByLabel("Địa chỉ thường trú").FillAsync("Số 12 Đội Cấn, Phường Ba Đình, Hà Nội");
        foreach (var (code, name) in BirthDocuments)
        {
            await page.GetByLabel($"Chọn tệp: {name}").SetInputFilesAsync(new FilePayload { Name = $"{code}.pdf", MimeType = "application/pdf", Buffer = Pdf });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#mother-id-error")).ToContainTextAsync("Số định danh cá nhân của mẹ không hợp lệ");
        Assert.Equal("true", await page.GetByLabel("Số định danh cá nhân của mẹ").GetAttributeAsync("aria-invalid"));
        Assert.Equal("001195", await page.GetByLabel("Số định danh cá nhân của mẹ").InputValueAsync());
        Assert.Equal("Nguyễn Minh Khôi", await page.GetByLabel("Họ, chữ đệm và tên của trẻ").InputValueAsync());
        Assert.Equal("Số 12 Đội Cấn, Phường Ba Đình, Hà Nội", await page.GetByLabel("Địa chỉ thường trú").InputValueAsync());
        Assert.Equal("00004", await page.GetByLabel("Phường, xã tiếp nhận hồ sơ").InputValueAsync());
        foreach (var (code, _) in BirthDocuments)
        {
            Assert.Contains($"{code}.pdf", await PortalBrowser.TextAsync(page.Locator($"#uploaded-{code}")), StringComparison.Ordinal);
        }

        Assert.Equal(0, await page.Locator("#child-name-error").CountAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-interlinked-birth-error");

        await page.GetByLabel("Số định danh cá nhân của mẹ").FillAsync(MotherId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await page.WaitForURLAsync(new Regex("/interlinked/[0-9a-f-]{36}$"));
        Assert.Matches(new Regex(@"^00004-\d{6}-\d{4}$"), await PortalBrowser.TextAsync(page.Locator("#interlinked-code")));
        var parts = page.Locator("#interlinked-parts tbody tr");
        Assert.Equal(4, await parts.CountAsync());
        var birth = page.Locator("#interlinked-parts tr[data-part='birth']");
        Assert.Equal("Phường Ba Đình", await PortalBrowser.TextAsync(birth.Locator(".part-decider")));
        Assert.Contains("Đang giải quyết", await PortalBrowser.TextAsync(birth), StringComparison.Ordinal);
        Assert.Equal(1, await birth.GetByRole(AriaRole.Link, new() { Name = "Xem hồ sơ" }).CountAsync());
        var residence = await PortalBrowser.TextAsync(page.Locator("#interlinked-parts tr[data-part='residence'] .part-decider"));
        var insurance = await PortalBrowser.TextAsync(page.Locator("#interlinked-parts tr[data-part='health-insurance'] .part-decider"));
        Assert.NotEqual("", residence);
        Assert.NotEqual("", insurance);
        var card = await PortalBrowser.TextAsync(page.Locator("#interlinked-parts tr[data-part='identity-card'] .part-decider"));
        Assert.Equal(3, new[] { residence, insurance, card }.Distinct().Count());
        Assert.Contains("căn cước", card, StringComparison.Ordinal);
        Assert.DoesNotContain("residence-registry", residence, StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-interlinked-dossier");

        var dossierCode = await PortalBrowser.TextAsync(page.Locator("#interlinked-code"));
        await page.GotoAsync($"{CitizenPortal}/dossiers");
        Assert.Equal(1, await page.Locator("#my-interlinked").GetByRole(AriaRole.Link, new() { Name = dossierCode, Exact = true }).CountAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-my-dossiers-interlinked");
    }

    [Fact]
    public async Task The_head_sees_the_communes_interlinked_dossier_with_its_parts_and_the_commune_part_links_to_its_dossier()
    {
        var submitted = await SubmitBirthThroughApiAsync();
        var page = await OfficialAsync("head.badinh", "/interlinked");

        var row = page.Locator($"#interlinked-list tr[data-interlinked='{submitted.Id}']");
        Assert.Contains(submitted.Code, await PortalBrowser.TextAsync(row), StringComparison.Ordinal);
        Assert.Contains("Trần Thị Bình", await PortalBrowser.TextAsync(row), StringComparison.Ordinal);
        Assert.Equal(4, await row.Locator("li[data-part]").CountAsync());
        Assert.Contains("Đang giải quyết", await PortalBrowser.TextAsync(row.Locator("li[data-part='birth']")), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "officials-interlinked");

        await row.Locator("li[data-part='birth']").GetByRole(AriaRole.Link, new() { Name = "Đăng ký khai sinh" }).ClickAsync();
        await page.WaitForURLAsync($"{BackOffice}/dossiers/{submitted.Part("birth").DossierId}");
        Assert.Contains("Trần Thị Bình", await PortalBrowser.TextAsync(page.Locator("#dossier-applicant")), StringComparison.Ordinal);

        await page.GotoAsync($"{BackOffice}/interlinked/{submitted.Id}");
        Assert.Equal(submitted.Code, await PortalBrowser.TextAsync(page.Locator("#interlinked-code")));
        Assert.Equal(4, await page.Locator("#interlinked-parts tbody tr").CountAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "officials-interlinked-dossier");
    }

    [Fact]
    public async Task On_a_375_px_phone_the_interlinked_pages_of_both_portals_do_not_scroll_sideways_and_pass_axe()
    {
        var submitted = await SubmitBirthThroughApiAsync();
        var citizen = await CitizenAsync(Mother, "/dossiers", phone: true);
        foreach (var (path, name) in new[] { ("/interlinked/birth", "birth"), ("/interlinked/death", "death"), ($"/interlinked/{submitted.Id}", "dossier"), ("/dossiers", "my-dossiers") })
        {
            await citizen.GotoAsync($"{CitizenPortal}{path}");
            await PortalBrowser.AssertNoHorizontalScrollAsync(citizen);
            await PortalBrowser.AssertAccessibleAsync(citizen);
            await PortalBrowser.ScreenshotAsync(citizen, $"citizen-phone-interlinked-{name}");
        }

        var head = await OfficialAsync("head.badinh", "/interlinked", phone: true);
        Assert.Equal(1, await head.Locator($"#interlinked-list tr[data-interlinked='{submitted.Id}']").CountAsync());
        foreach (var (path, name) in new[] { ("/interlinked", "list"), ($"/interlinked/{submitted.Id}", "dossier") })
        {
            await head.GotoAsync($"{BackOffice}{path}");
            await PortalBrowser.AssertNoHorizontalScrollAsync(head);
            await PortalBrowser.AssertAccessibleAsync(head);
            await PortalBrowser.ScreenshotAsync(head, $"officials-phone-interlinked-{name}");
        }
    }

    [Fact]
    public async Task The_birth_declaration_can_be_done_with_the_keyboard_alone()
    {
        var before = await InterlinkedCountAsync();
        var page = await CitizenAsync(Mother, "/interlinked/birth");

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));
        await PortalBrowser.TabToAsync(page, "#agency");
        await page.Keyboard.TypeAsync("Phường Ba Đình");
        foreach (var (input, text) in new[] { ("#child-name", "Lê Gia Hân"), ("#child-place", "Bệnh viện Bạch Mai"), ("#householder-id", Householder), ("#address", "Số 5 Kim Mã, Phường Ba Đình, Hà Nội") })
        {
            await PortalBrowser.TabToAsync(page, input);
            await page.Keyboard.TypeAsync(text);
        }

        await Chromium.TypeDateAsync(page, "#child-birth", Born);
        await PortalBrowser.TabToAsync(page, "#child-gender");
        await page.Keyboard.TypeAsync("Nam");
        foreach (var (code, _) in BirthDocuments)
        {
            await PortalBrowser.TabToAsync(page, $"#file-{code}");
            // The file chooser is the system's own window; the focused input receives the file as if chosen there.
            await page.Locator($"#file-{code}").SetInputFilesAsync(new FilePayload { Name = $"{code}.pdf", MimeType = "application/pdf", Buffer = Pdf });
        }

        await PortalBrowser.TabToAsync(page, "#submit-birth");
        await page.Keyboard.PressAsync("Enter");

        await page.WaitForURLAsync(new Regex("/interlinked/[0-9a-f-]{36}$"));
        Assert.Equal(4, await page.Locator("#interlinked-parts tbody tr").CountAsync());
        Assert.Equal(before + 1, await InterlinkedCountAsync());
    }

    [Fact]
    public async Task A_death_declaration_for_a_person_the_registry_does_not_know_is_refused_next_to_the_deceaseds_ID()
    {
        var page = await DeathFormAsync(phone: false, "001061599999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#deceased-id-error")).ToContainTextAsync("Cơ sở dữ liệu quốc gia về dân cư không có người có số định danh 001061599999");
        Assert.Equal("Ngô Quốc Tuấn", await page.GetByLabel("Họ và tên người chết").InputValueAsync());
        Assert.Equal("Con", await page.GetByLabel("Quan hệ với người chết").InputValueAsync());
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-interlinked-death-refused");
    }

    [Fact]
    public async Task A_death_declared_on_a_phone_with_one_relative_claiming_the_survivor_allowance_shows_a_bad_relatives_ID_next_to_it_keeping_what_was_typed_then_goes_through()
    {
        var page = await DeathFormAsync(phone: true, "001061521665");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Hằng tháng" }).CheckAsync();
        await page.GetByLabel("Số định danh cá nhân của thân nhân 1").FillAsync("00131815703");
        await page.GetByLabel("Họ và tên thân nhân 1").FillAsync("Lê Ngọc Vân");
        await page.GetByLabel("Quan hệ của thân nhân 1 với người chết").SelectOptionAsync("Con");
        await page.GetByLabel("Ngày sinh của thân nhân 1").FillAsync("2018-04-26");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();

        await Assertions.Expect(page.Locator("#relative-1-id-error")).ToContainTextAsync("Số định danh cá nhân của thân nhân không hợp lệ");
        Assert.Equal("Lê Ngọc Vân", await page.GetByLabel("Họ và tên thân nhân 1").InputValueAsync());
        Assert.Equal("2018-04-26", await page.GetByLabel("Ngày sinh của thân nhân 1").InputValueAsync());
        Assert.True(await page.GetByRole(AriaRole.Radio, new() { Name = "Hằng tháng" }).IsCheckedAsync());
        await PortalBrowser.AssertNoHorizontalScrollAsync(page);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-phone-interlinked-death-survivors-refused");

        await page.GetByLabel("Số định danh cá nhân của thân nhân 1").FillAsync("001318157030");
        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/interlinked/[0-9a-f-]{36}$"));
        await Assertions.Expect(page.Locator("#interlinked-parts tr[data-part='funeral-allowance']")).ToContainTextAsync("Hưởng chế độ tử tuất (trợ cấp mai táng, trợ cấp tuất)");
        await PortalBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task A_commune_parts_dossier_page_says_which_interlinked_dossier_it_belongs_to_in_both_portals_and_links_to_it()
    {
        var submitted = await SubmitBirthThroughApiAsync();
        var partDossier = submitted.Part("birth").DossierId;
        var citizen = await CitizenAsync(Mother, $"/dossiers/{partDossier}");

        Assert.Contains($"Thuộc hồ sơ liên thông {submitted.Code}", await PortalBrowser.TextAsync(citizen.Locator("#dossier-interlinked")), StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(citizen);
        await PortalBrowser.ScreenshotAsync(citizen, "citizen-dossier-of-interlinked");
        await citizen.Locator("#dossier-interlinked").GetByRole(AriaRole.Link, new() { Name = submitted.Code }).ClickAsync();
        await citizen.WaitForURLAsync($"{CitizenPortal}/interlinked/{submitted.Id}");
        Assert.Equal(submitted.Code, await PortalBrowser.TextAsync(citizen.Locator("#interlinked-code")));

        var head = await OfficialAsync("head.badinh", $"/dossiers/{partDossier}");
        Assert.Contains($"Thuộc hồ sơ liên thông {submitted.Code}", await PortalBrowser.TextAsync(head.Locator("#dossier-interlinked")), StringComparison.Ordinal);
        var others = await PortalBrowser.TextAsync(head.Locator("#dossier-interlinked-parts"));
        Assert.Contains($"{submitted.Part("residence").Name} – Chờ phần trước", others, StringComparison.Ordinal);
        Assert.Contains($"{submitted.Part("health-insurance").Name} – Chờ phần trước", others, StringComparison.Ordinal);
        Assert.Contains($"{submitted.Part("identity-card").Name} – Chờ phần trước", others, StringComparison.Ordinal);
        Assert.DoesNotContain(submitted.Part("birth").Name, others, StringComparison.Ordinal);
        await PortalBrowser.AssertAccessibleAsync(head);
        await PortalBrowser.ScreenshotAsync(head, "officials-dossier-of-interlinked");
        await head.Locator("#dossier-interlinked").GetByRole(AriaRole.Link, new() { Name = submitted.Code }).ClickAsync();
        await head.WaitForURLAsync($"{BackOffice}/interlinked/{submitted.Id}");
        Assert.Equal(4, await head.Locator("#interlinked-parts tbody tr").CountAsync());
    }

    /// <summary>
    /// The AppHost's platform keeps real time, so no due time of a dossier received now passes during a test: this test
    /// moves the birth part's due time an hour into the past in the read model (dossiers.interlinked, the row the
    /// back office's list and page read), and its next look an hour ahead so that the process manager does not write
    /// the row again meanwhile. The events and their hash chain are not touched (verified below).
    /// </summary>
    [Fact]
    public async Task The_heads_list_marks_a_part_past_its_due_time_Quá_hạn_and_the_late_filter_shows_it_and_hides_one_on_time_with_the_read_model_row_moved_past_due()
    {
        var late = await SubmitBirthThroughApiAsync();
        var onTime = await SubmitBirthThroughApiAsync();
        await MovePartPastDueInReadModelAsync(late.Id);
        Assert.True((await Calls.SendAsync<ChainReport>("head.badinh", HttpMethod.Get, $"/api/interlinked/{late.Id}/verification")).Intact);

        var page = await OfficialAsync("head.badinh", "/interlinked");
        var lateRow = page.Locator($"#interlinked-list tr[data-interlinked='{late.Id}']");
        Assert.Contains("Quá hạn", await PortalBrowser.TextAsync(lateRow.Locator("li[data-part='birth']")), StringComparison.Ordinal);
        Assert.DoesNotContain("Quá hạn", await PortalBrowser.TextAsync(lateRow.Locator("li[data-part='residence']")), StringComparison.Ordinal);
        Assert.DoesNotContain("Quá hạn", await PortalBrowser.TextAsync(page.Locator($"#interlinked-list tr[data-interlinked='{onTime.Id}']")), StringComparison.Ordinal);

        await page.GetByLabel("Chỉ hồ sơ có phần quá hạn").CheckAsync();
        // The groups are the catalogue's: those in force, and the retired ones whose dossiers are still followed.
        Assert.Equal(["Tất cả", "Khai sinh (3.000722)", "Khai tử (2.002913)", "Khai sinh (2.000986, trước 01/09/2026)", "Khai tử (2.002622, trước 01/09/2026)"],
            (await page.GetByLabel("Nhóm thủ tục").Locator("option").AllTextContentsAsync()).Select(option => option.Trim()));
        await page.GetByLabel("Nhóm thủ tục").SelectOptionAsync(new SelectOptionValue { Label = "Khai sinh (3.000722)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/interlinked\?(?=.*late=true)(?=.*group=3\.000722)"));
        Assert.Equal(1, await page.Locator($"#interlinked-list tr[data-interlinked='{late.Id}']").CountAsync());
        Assert.Equal(0, await page.Locator($"#interlinked-list tr[data-interlinked='{onTime.Id}']").CountAsync());
        foreach (var row in await page.Locator("#interlinked-list tbody tr").AllAsync())
        {
            Assert.Contains("Quá hạn", await PortalBrowser.TextAsync(row), StringComparison.Ordinal);
        }

        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "officials-interlinked-late");

        // The filtered list's address is the filter: opened anew, on a phone, it shows the same and keeps the form filled.
        var phone = await OfficialAsync("head.badinh", new Uri(page.Url).PathAndQuery, phone: true);
        Assert.True(await phone.GetByLabel("Chỉ hồ sơ có phần quá hạn").IsCheckedAsync());
        Assert.Equal("3.000722", await phone.GetByLabel("Nhóm thủ tục").InputValueAsync());
        Assert.Equal(1, await phone.Locator($"#interlinked-list tr[data-interlinked='{late.Id}']").CountAsync());
        Assert.Equal(0, await phone.Locator($"#interlinked-list tr[data-interlinked='{onTime.Id}']").CountAsync());
        await PortalBrowser.AssertNoHorizontalScrollAsync(phone);
        await PortalBrowser.AssertAccessibleAsync(phone);
        await PortalBrowser.ScreenshotAsync(phone, "officials-phone-interlinked-late");
    }

    /// <summary>
    /// Sets the birth part's due time in the read model an hour back and the whole's next look an hour ahead, again
    /// until a look already under way when it was set has not written the row back.
    /// </summary>
    private async Task MovePartPastDueInReadModelAsync(string id)
    {
        await using var database = new NpgsqlConnection(await Platform.App.GetConnectionStringAsync("egov", TestContext.Current.CancellationToken));
        await database.OpenAsync(TestContext.Current.CancellationToken);
        var due = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);
        await Eventually.FindAsync(async () =>
        {
            await using (var move = new NpgsqlCommand(
                """
                UPDATE dossiers.interlinked SET snapshot = jsonb_set(snapshot, '{parts,0,dueAt}', to_jsonb(@due)), next_check_at = now() + interval '1 hour'
                WHERE id = @id
                """,
                database))
            {
                move.Parameters.AddWithValue("due", due);
                move.Parameters.AddWithValue("id", Guid.Parse(id));
                Assert.Equal(1, await move.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            }

            await Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
            var seen = await Calls.SendAsync<InterlinkedDossier>("head.badinh", HttpMethod.Get, $"/api/interlinked/{id}");
            return seen.Part("birth").Late ? seen : null;
        }, TimeSpan.FromSeconds(60));
    }

    private async Task<InterlinkedDossier> SubmitBirthThroughApiAsync()
    {
        var documents = new List<object>();
        foreach (var (code, _) in BirthDocuments)
        {
            documents.Add(new { documentCode = code, attachmentId = await Calls.UploadAsync(Mother, "/api/attachments", $"{code}.pdf", Pdf) });
        }

        return await Calls.SendAsync<InterlinkedDossier>(Mother, HttpMethod.Post, "/api/interlinked/births", new
        {
            agency = "00004",
            child = new { fullName = "Trần Bảo Ngọc", dateOfBirth = Born, gender = "Nữ", placeOfBirth = "Bệnh viện Phụ sản Hà Nội" },
            mother = new { personalId = MotherId, fullName = "Trần Thị Bình" },
            residence = new { householderPersonalId = Householder, address = "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội" },
            documents,
        }, HttpStatusCode.Created);
    }

    /// <summary>The citizen portal's death form, signed in as the demo citizen, filled for <paramref name="deceasedId"/> at Phường Ba Đình with both documents chosen.</summary>
    private async Task<IPage> DeathFormAsync(bool phone, string deceasedId)
    {
        var page = await CitizenAsync("nguyen.van.an", "/interlinked/death", phone);
        await page.GetByLabel("Phường, xã tiếp nhận hồ sơ").SelectOptionAsync(new SelectOptionValue { Label = "Phường Ba Đình" });
        await page.GetByLabel("Số định danh cá nhân của người chết").FillAsync(deceasedId);
        await page.GetByLabel("Họ và tên người chết").FillAsync("Ngô Quốc Tuấn");
        await page.GetByLabel("Ngày chết").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-2)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Nơi chết").FillAsync("Bệnh viện Bạch Mai");
        await page.GetByLabel("Quan hệ với người chết").FillAsync("Con");
        await page.GetByLabel(new Regex("^Chọn tệp: Tờ khai điện tử liên thông")).SetInputFilesAsync(new FilePayload { Name = "to-khai.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await page.GetByLabel("Chọn tệp: Giấy báo tử hoặc giấy tờ thay thế").SetInputFilesAsync(new FilePayload { Name = "giay-bao-tu.pdf", MimeType = "application/pdf", Buffer = Pdf });
        return page;
    }

    private async Task<int> InterlinkedCountAsync() =>
        (await Calls.SendAsync<InterlinkedDossier[]>(Mother, HttpMethod.Get, "/api/interlinked/mine")).Length;
}
