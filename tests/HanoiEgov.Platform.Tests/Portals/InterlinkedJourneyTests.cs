using System.Globalization;
using System.Text.RegularExpressions;
using HanoiEgov.Platform.Tests.AppHost;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// Interlinked dossiers from the declaration to the last result, in Chromium through both portals of the whole AppHost:
/// the citizen declares in the citizen portal, the ward's clerk, official and head decide the civil-status part in the
/// back office, the police's residence system and BHXH decide theirs on the LGSP sandbox, and the citizen finds every
/// result on the one page.
/// </summary>
[Collection(WholePlatformGroup.Name)]
[Trait("Category", "Browser")]
public sealed class InterlinkedJourneyTests(WholePlatformFixture platform) : PortalTests(platform)
{
    private const string Mother = "tran.thi.binh";
    private const string Householder = "001090012345";
    private const string UnknownHouseholder = "001090099999";
    private const string KnownDeceased = "001061521665";
    private const string DeclaredAddress = "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội";

    // A child under 18 in the sandbox's population, and a well-formed personal ID of nobody in it.
    private const string KnownRelative = "001318157030";
    private const string UnknownRelative = "001318099999";

    // The watch looks every 5 s and the sandbox's systems decide after 3 s; a loaded machine takes longer.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    [Fact]
    public async Task A_birth_declared_in_the_citizen_portal_and_registered_by_the_ward_in_the_back_office_comes_back_with_the_certificate_residence_insurance_card_and_identity_card_together()
    {
        var citizen = await CitizenAsync(Mother, "/interlinked/birth");
        await DeclareBirthAsync(citizen, "Phạm Gia Bảo", Householder);
        var id = InterlinkedId(citizen);
        var birthDossier = await PartDossierAsync(citizen, "birth");
        Assert.Equal("Chờ phần trước", await StateAsync(citizen, "residence"));
        Assert.Equal("Chờ phần trước", await StateAsync(citizen, "health-insurance"));
        Assert.Equal("Chờ phần trước", await StateAsync(citizen, "identity-card"));

        await WardDecidesAsync(birthDossier, "giay-khai-sinh.pdf");

        var head = await OfficialAsync("head.badinh", $"/interlinked/{id}");
        await ReloadUntilAsync(head, () => StateAsync(head, "identity-card"), "Đã có kết quả");
        Assert.Equal("Đã có kết quả", await StateAsync(head, "birth"));
        await PortalBrowser.AssertAccessibleAsync(head);

        await citizen.ReloadAsync();
        await ReloadUntilAsync(citizen, async () => await citizen.Locator("#interlinked-completed").CountAsync() == 1 ? "completed" : "not yet", "completed");
        Assert.Equal("Đã trả kết quả", await PortalBrowser.TextAsync(citizen.Locator("#interlinked-status")));
        var results = citizen.Locator("#interlinked-completed li");
        Assert.Equal(4, await results.CountAsync());
        var registration = await PortalBrowser.TextAsync(citizen.Locator("#interlinked-registration"));
        Assert.Matches(new Regex(@"^\d+/\d{4}$"), registration);
        Assert.Contains($"số {registration}", await PortalBrowser.TextAsync(results.Nth(0)), StringComparison.Ordinal);
        foreach (var part in new[] { "birth", "residence", "health-insurance", "identity-card" })
        {
            Assert.Equal("Đã có kết quả", await StateAsync(citizen, part));
            Assert.StartsWith("Số ", await PortalBrowser.TextAsync(citizen.Locator($"#interlinked-parts tr[data-part='{part}'] .part-result")), StringComparison.Ordinal);
        }

        await PortalBrowser.AssertAccessibleAsync(citizen);
        await PortalBrowser.ScreenshotAsync(citizen, "citizen-interlinked-completed");

        // The signed birth certificate is downloaded from the birth part's own page.
        await results.Nth(0).GetByRole(AriaRole.Link, new() { Name = "Xem và tải kết quả" }).ClickAsync();
        await citizen.WaitForURLAsync(new Regex($"/dossiers/{birthDossier}"));
        var certificate = citizen.Locator("li.result").Filter(new() { HasText = "giay-khai-sinh.pdf" });
        await Assertions.Expect(certificate).ToContainTextAsync("Chữ ký số hợp lệ");
        var downloaded = await PortalBrowser.DownloadAsync(citizen, certificate.GetByRole(AriaRole.Link, new() { Name = "Tải kết quả (PDF) giay-khai-sinh.pdf" }));
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(downloaded, 0, 4), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_death_declared_in_the_citizen_portal_and_registered_by_the_ward_comes_back_with_the_removal_and_the_funeral_allowance_together()
    {
        var citizen = await CitizenAsync("nguyen.van.an", "/interlinked/death");
        await citizen.GetByLabel("Phường, xã tiếp nhận hồ sơ").SelectOptionAsync(new SelectOptionValue { Label = "Phường Ba Đình" });
        await citizen.GetByLabel("Số định danh cá nhân của người chết").FillAsync(KnownDeceased);
        await citizen.GetByLabel("Họ và tên người chết").FillAsync("Ngô Quốc Tuấn");
        await citizen.GetByLabel("Ngày chết").FillAsync(Today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await citizen.GetByLabel("Nơi chết").FillAsync("Bệnh viện Bạch Mai");
        await citizen.GetByLabel("Quan hệ với người chết").FillAsync("Con");
        await citizen.GetByLabel(new Regex("^Chọn tệp: Tờ khai điện tử liên thông")).SetInputFilesAsync(new FilePayload { Name = "to-khai.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.GetByLabel("Chọn tệp: Giấy báo tử hoặc giấy tờ thay thế").SetInputFilesAsync(new FilePayload { Name = "giay-bao-tu.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await citizen.WaitForURLAsync(new Regex("/interlinked/[0-9a-f-]{36}$"));
        var deathDossier = await PartDossierAsync(citizen, "death");

        await WardDecidesAsync(deathDossier, "trich-luc-khai-tu.pdf");

        await ReloadUntilAsync(citizen, async () => await citizen.Locator("#interlinked-completed").CountAsync() == 1 ? "completed" : "not yet", "completed");
        Assert.Equal("Đã trả kết quả", await PortalBrowser.TextAsync(citizen.Locator("#interlinked-status")));
        foreach (var part in new[] { "death", "residence-removal", "funeral-allowance" })
        {
            Assert.Equal("Đã có kết quả", await StateAsync(citizen, part));
        }

        Assert.Equal(3, await citizen.Locator("#interlinked-completed li").CountAsync());
        await PortalBrowser.AssertAccessibleAsync(citizen);
        await PortalBrowser.ScreenshotAsync(citizen, "citizen-interlinked-death-completed");
    }

    [Fact]
    public async Task A_residence_part_refused_for_an_unknown_householder_is_corrected_and_sent_again_alone_in_the_citizen_portal()
    {
        var citizen = await CitizenAsync(Mother, "/interlinked/birth");
        await DeclareBirthAsync(citizen, "Phạm Minh Châu", UnknownHouseholder);
        await WardDecidesThroughTheApiAsync(await PartDossierAsync(citizen, "birth"));

        await ReloadUntilAsync(citizen, () => StateAsync(citizen, "residence"), "Bị từ chối");
        await ReloadUntilAsync(citizen, () => StateAsync(citizen, "health-insurance"), "Đã có kết quả");
        Assert.Contains(UnknownHouseholder, await PortalBrowser.TextAsync(citizen.Locator("#interlinked-parts tr[data-part='residence'] .part-reason")), StringComparison.Ordinal);
        var card = await PortalBrowser.TextAsync(citizen.Locator("#interlinked-parts tr[data-part='health-insurance'] .part-result"));
        var correction = citizen.Locator("#correct-residence");
        // The correction starts from what the part was sent with: the citizen fixes the householder, nothing is typed again.
        Assert.Equal(UnknownHouseholder, await correction.GetByLabel("Số định danh cá nhân của chủ hộ").InputValueAsync());
        Assert.Equal(DeclaredAddress, await correction.GetByLabel("Địa chỉ thường trú").InputValueAsync());
        await PortalBrowser.AssertAccessibleAsync(citizen);
        await PortalBrowser.ScreenshotAsync(citizen, "citizen-interlinked-refused-part");
        var phone = await CitizenAsync(Mother, new Uri(citizen.Url).PathAndQuery, phone: true);
        await Assertions.Expect(phone.Locator("#correct-residence")).ToBeVisibleAsync();
        await PortalBrowser.AssertNoHorizontalScrollAsync(phone);
        await PortalBrowser.AssertAccessibleAsync(phone);
        await PortalBrowser.ScreenshotAsync(phone, "citizen-phone-interlinked-refused-part");

        await correction.GetByLabel("Số định danh cá nhân của chủ hộ").FillAsync("00109");
        await correction.GetByRole(AriaRole.Button, new() { Name = "Gửi lại phần này" }).ClickAsync();
        await Assertions.Expect(citizen.Locator("#householder-residence-error")).ToBeVisibleAsync();
        Assert.Equal("00109", await citizen.Locator("#correct-residence").GetByLabel("Số định danh cá nhân của chủ hộ").InputValueAsync());
        Assert.Equal("Bị từ chối", await StateAsync(citizen, "residence"));
        await PortalBrowser.AssertAccessibleAsync(citizen);

        await citizen.Locator("#correct-residence").GetByLabel("Số định danh cá nhân của chủ hộ").FillAsync(Householder);
        await citizen.Locator("#correct-residence").GetByRole(AriaRole.Button, new() { Name = "Gửi lại phần này" }).ClickAsync();
        await Assertions.Expect(citizen.Locator("#done")).ToContainTextAsync("Đã gửi lại phần bị từ chối");
        Assert.Equal(0, await citizen.Locator("#correct-residence").CountAsync());

        await ReloadUntilAsync(citizen, async () => await citizen.Locator("#interlinked-completed").CountAsync() == 1 ? "completed" : "not yet", "completed");
        Assert.Equal("Đã có kết quả", await StateAsync(citizen, "residence"));
        Assert.Equal(card, await PortalBrowser.TextAsync(citizen.Locator("#interlinked-parts tr[data-part='health-insurance'] .part-result")));
    }

    [Fact]
    public async Task A_death_declared_with_the_keyboard_alone_whose_survivor_claim_names_a_relative_unknown_to_the_registry_is_corrected_in_its_BHXH_part_alone()
    {
        var citizen = await CitizenAsync("nguyen.van.an", "/interlinked/death");
        await PortalBrowser.TabToAsync(citizen, "#agency");
        await citizen.Keyboard.TypeAsync("Phường Ba Đình");
        foreach (var (input, text) in new[]
        {
            ("#deceased-id", KnownDeceased), ("#deceased-name", "Ngô Quốc Tuấn"), ("#death-place", "Bệnh viện Bạch Mai"), ("#relationship", "Con"),
            ("#relative-1-id", UnknownRelative), ("#relative-1-name", "Ngô Thị Hoa"),
        })
        {
            await PortalBrowser.TabToAsync(citizen, input);
            await citizen.Keyboard.TypeAsync(text);
        }

        await Chromium.TypeDateAsync(citizen, "#death-date", Today.AddDays(-2));
        await Chromium.TypeDateAsync(citizen, "#relative-1-birth", new DateOnly(2018, 6, 1));
        // The radio group takes one Tab stop, on the choice made; the arrows move the choice.
        await PortalBrowser.TabToAsync(citizen, "input[name='SurvivorForm']:checked");
        await citizen.Keyboard.PressAsync("ArrowDown");
        await citizen.Keyboard.PressAsync("ArrowDown");
        Assert.True(await citizen.GetByRole(AriaRole.Radio, new() { Name = "Một lần" }).IsCheckedAsync());
        await PortalBrowser.TabToAsync(citizen, "#relative-1-relationship");
        await citizen.Keyboard.TypeAsync("Con");
        Assert.Equal("Con", await citizen.GetByLabel("Quan hệ của thân nhân 1 với người chết").InputValueAsync());
        foreach (var code in new[] { "to-khai", "giay-bao-tu" })
        {
            await PortalBrowser.TabToAsync(citizen, $"#file-{code}");
            await citizen.Locator($"#file-{code}").SetInputFilesAsync(new FilePayload { Name = $"{code}.pdf", MimeType = "application/pdf", Buffer = Pdf });
        }

        await PortalBrowser.TabToAsync(citizen, "#submit-death");
        await citizen.Keyboard.PressAsync("Enter");
        await citizen.WaitForURLAsync(new Regex("/interlinked/[0-9a-f-]{36}$"));
        await WardDecidesThroughTheApiAsync(await PartDossierAsync(citizen, "death"));

        await ReloadUntilAsync(citizen, () => StateAsync(citizen, "funeral-allowance"), "Bị từ chối");
        await ReloadUntilAsync(citizen, () => StateAsync(citizen, "residence-removal"), "Đã có kết quả");
        Assert.Contains(UnknownRelative, await PortalBrowser.TextAsync(citizen.Locator("#interlinked-parts tr[data-part='funeral-allowance'] .part-reason")), StringComparison.Ordinal);
        var removal = await PortalBrowser.TextAsync(citizen.Locator("#interlinked-parts tr[data-part='residence-removal'] .part-result"));
        var correction = citizen.Locator("#correct-funeral-allowance");
        Assert.Equal(0, await correction.GetByLabel("Số định danh cá nhân của chủ hộ").CountAsync());
        // The claim as declared fills the correction.
        Assert.True(await correction.GetByRole(AriaRole.Radio, new() { Name = "Một lần" }).IsCheckedAsync());
        Assert.Equal(UnknownRelative, await correction.GetByLabel("Số định danh cá nhân của thân nhân 1").InputValueAsync());
        Assert.Equal("Ngô Thị Hoa", await correction.GetByLabel("Họ và tên thân nhân 1").InputValueAsync());
        Assert.Equal("Con", await correction.GetByLabel("Quan hệ của thân nhân 1 với người chết").InputValueAsync());
        Assert.Equal("", await correction.GetByLabel("Số định danh cá nhân của thân nhân 2").InputValueAsync());
        await PortalBrowser.AssertAccessibleAsync(citizen);
        await PortalBrowser.ScreenshotAsync(citizen, "citizen-interlinked-survivors-refused");

        // The deceased cannot be their own relative: said next to the ID, what was typed kept, nothing sent.
        await correction.GetByLabel("Số định danh cá nhân của thân nhân 1").FillAsync(KnownDeceased);
        await correction.GetByLabel("Họ và tên thân nhân 1").FillAsync("Lê Ngọc Vân");
        await correction.GetByLabel("Ngày sinh của thân nhân 1").FillAsync("2018-04-26");
        await correction.GetByRole(AriaRole.Button, new() { Name = "Gửi lại phần này" }).ClickAsync();
        await Assertions.Expect(citizen.Locator("#relative-1-id-error")).ToContainTextAsync("Thân nhân không thể là người chết");
        correction = citizen.Locator("#correct-funeral-allowance");
        Assert.Equal("Lê Ngọc Vân", await correction.GetByLabel("Họ và tên thân nhân 1").InputValueAsync());
        Assert.True(await correction.GetByRole(AriaRole.Radio, new() { Name = "Một lần" }).IsCheckedAsync());
        Assert.Equal("Bị từ chối", await StateAsync(citizen, "funeral-allowance"));
        await PortalBrowser.AssertAccessibleAsync(citizen);
        await PortalBrowser.ScreenshotAsync(citizen, "citizen-interlinked-survivors-correction-refused");

        await correction.GetByLabel("Số định danh cá nhân của thân nhân 1").FillAsync(KnownRelative);
        await correction.GetByRole(AriaRole.Button, new() { Name = "Gửi lại phần này" }).ClickAsync();
        await Assertions.Expect(citizen.Locator("#done")).ToContainTextAsync("Đã gửi lại phần bị từ chối");

        await ReloadUntilAsync(citizen, async () => await citizen.Locator("#interlinked-completed").CountAsync() == 1 ? "completed" : "not yet", "completed");
        Assert.Contains("trợ cấp tuất một lần cho 1 thân nhân: Lê Ngọc Vân",
            await PortalBrowser.TextAsync(citizen.Locator("#interlinked-parts tr[data-part='funeral-allowance']")), StringComparison.Ordinal);
        Assert.Equal(removal, await PortalBrowser.TextAsync(citizen.Locator("#interlinked-parts tr[data-part='residence-removal'] .part-result")));
    }

    [Fact]
    public async Task On_a_375_px_phone_a_refused_survivor_claim_is_withdrawn_by_choosing_not_claimed_and_the_funeral_allowance_alone_is_paid()
    {
        var documents = new List<object>();
        foreach (var code in new[] { "to-khai", "giay-bao-tu" })
        {
            documents.Add(new { documentCode = code, attachmentId = await Calls.UploadAsync("nguyen.van.an", "/api/attachments", $"{code}.pdf", Pdf) });
        }

        var submitted = await Calls.SendAsync<InterlinkedDossier>("nguyen.van.an", HttpMethod.Post, "/api/interlinked/deaths", new
        {
            agency = "00004",
            deceased = new { personalId = KnownDeceased, fullName = "Ngô Quốc Tuấn", dateOfDeath = Today.AddDays(-2), placeOfDeath = "Bệnh viện Bạch Mai" },
            relationship = "Con",
            survivors = new { form = "monthly", relatives = new[] { new { personalId = UnknownRelative, fullName = "Ngô Thị Hoa", relationship = "Con", dateOfBirth = new DateOnly(2018, 6, 1) } } },
            documents,
        }, expected: System.Net.HttpStatusCode.Created);
        await WardDecidesThroughTheApiAsync(submitted.Part("death").DossierId!);
        var phone = await CitizenAsync("nguyen.van.an", $"/interlinked/{submitted.Id}", phone: true);
        await ReloadUntilAsync(phone, () => StateAsync(phone, "funeral-allowance"), "Bị từ chối");

        var correction = phone.Locator("#correct-funeral-allowance");
        Assert.True(await correction.GetByRole(AriaRole.Radio, new() { Name = "Hằng tháng" }).IsCheckedAsync());
        await PortalBrowser.AssertNoHorizontalScrollAsync(phone);
        await PortalBrowser.AssertAccessibleAsync(phone);
        await PortalBrowser.ScreenshotAsync(phone, "citizen-phone-interlinked-survivors-correction");

        await correction.GetByRole(AriaRole.Radio, new() { Name = "Không đề nghị" }).CheckAsync();
        await correction.GetByRole(AriaRole.Button, new() { Name = "Gửi lại phần này" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#done")).ToContainTextAsync("Đã gửi lại phần bị từ chối");
        await PortalBrowser.AssertNoHorizontalScrollAsync(phone);

        await ReloadUntilAsync(phone, () => StateAsync(phone, "funeral-allowance"), "Đã có kết quả");
        var paid = await PortalBrowser.TextAsync(phone.Locator("#interlinked-parts tr[data-part='funeral-allowance']"));
        Assert.Contains("Đã chi trả trợ cấp mai táng", paid, StringComparison.Ordinal);
        Assert.DoesNotContain("đã giải quyết trợ cấp tuất", paid, StringComparison.Ordinal);
    }

    private static async Task DeclareBirthAsync(IPage page, string child, string householder)
    {
        await page.GetByLabel("Phường, xã tiếp nhận hồ sơ").SelectOptionAsync(new SelectOptionValue { Label = "Phường Ba Đình" });
        await page.GetByLabel("Họ, chữ đệm và tên của trẻ").FillAsync(child);
        await page.GetByLabel("Ngày sinh").FillAsync(Today.AddDays(-10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Giới tính").SelectOptionAsync("Nam");
        await page.GetByLabel("Nơi sinh").FillAsync("Bệnh viện Phụ sản Hà Nội");
        await page.GetByLabel("Số định danh cá nhân của chủ hộ").FillAsync(householder);
        await page.GetByLabel("Địa chỉ thường trú").FillAsync(DeclaredAddress);
        foreach (var (code, name) in new[]
        {
            ("to-khai", "Tờ khai điện tử liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế"),
            ("giay-chung-sinh", "Giấy chứng sinh hoặc văn bản thay thế"),
            ("giay-to-tuy-than", "Giấy tờ tùy thân của người đi đăng ký"),
        })
        {
            await page.GetByLabel($"Chọn tệp: {name}").SetInputFilesAsync(new FilePayload { Name = $"{code}.pdf", MimeType = "application/pdf", Buffer = Pdf });
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/interlinked/[0-9a-f-]{36}$"));
    }

    /// <summary>The ward's clerk accepts the civil-status part, its official processes it and adds the result, its head signs it at the VNPT sandbox and approves.</summary>
    private async Task WardDecidesAsync(string dossierId, string resultName)
    {
        var clerk = await OfficialAsync("clerk.badinh", $"/dossiers/{dossierId}");
        await clerk.GetByRole(AriaRole.Button, new() { Name = "Tiếp nhận hồ sơ" }).ClickAsync();
        await Assertions.Expect(clerk.Locator("#dossier-status")).ToHaveTextAsync("Đã tiếp nhận");

        var official = await OfficialAsync("official.badinh", $"/dossiers/{dossierId}");
        await official.GetByRole(AriaRole.Button, new() { Name = "Bắt đầu xử lý" }).ClickAsync();
        await Assertions.Expect(official.Locator("#dossier-status")).ToHaveTextAsync("Đang xử lý");
        await official.GetByLabel("Thêm tài liệu kết quả (PDF)").SetInputFilesAsync(new FilePayload { Name = resultName, MimeType = "application/pdf", Buffer = Pdf });
        await official.GetByRole(AriaRole.Button, new() { Name = "Tải lên kết quả" }).ClickAsync();

        var head = await OfficialAsync("head.badinh", $"/dossiers/{dossierId}");
        await head.GetByRole(AriaRole.Button, new() { Name = $"Ký số kết quả {resultName}" }).ClickAsync();
        await Assertions.Expect(head.Locator(".signing-pending")).ToBeVisibleAsync();
        var resultId = await head.Locator("[data-result]").First.GetAttributeAsync("data-result");
        await ConfirmOnTheSignersPhoneAsync(dossierId, resultId!);
        await Assertions.Expect(head.Locator($"[data-result='{resultId}']")).ToContainTextAsync("Chữ ký số hợp lệ", new() { Timeout = 20_000 });
        await head.GetByRole(AriaRole.Button, new() { Name = "Phê duyệt kết quả" }).ClickAsync();
        Assert.Equal("Đã giải quyết xong", await PortalBrowser.TextAsync(head.Locator("#dossier-status")));
    }

    /// <summary>The same decision as <see cref="WardDecidesAsync"/>, taken through the API where the back office is not what a test is about.</summary>
    private async Task WardDecidesThroughTheApiAsync(string dossierId)
    {
        await Calls.ActAsync("clerk.badinh", dossierId, "Accept");
        await Calls.ActAsync("official.badinh", dossierId, "StartProcessing");
        var resultId = await Calls.UploadAsync("official.badinh", $"/api/dossiers/{dossierId}/results", "giay-khai-sinh.pdf", Pdf);
        await Calls.SendAsync<SigningView>("head.badinh", HttpMethod.Post, $"/api/dossiers/{dossierId}/results/{resultId}/signing", expected: System.Net.HttpStatusCode.Accepted);
        await ConfirmOnTheSignersPhoneAsync(dossierId, resultId);
        await Eventually.FindAsync(
            async () => (await Calls.SendAsync<SigningView>("head.badinh", HttpMethod.Get, $"/api/dossiers/{dossierId}/results/{resultId}/signing")).Status == "Completed" ? "signed" : null,
            Patience);
        await Calls.ActAsync("head.badinh", dossierId, "Approve");
    }

    /// <summary>The signer confirms the transaction on their phone: the VNPT sandbox's stand-in for the SmartCA app.</summary>
    private async Task ConfirmOnTheSignersPhoneAsync(string dossierId, string resultId)
    {
        var signing = await Calls.SendAsync<SigningView>("head.badinh", HttpMethod.Get, $"/api/dossiers/{dossierId}/results/{resultId}/signing");
        using var sandbox = new HttpClient { BaseAddress = Calls.Sandbox };
        using var confirmed = await sandbox.PostAsync($"/vnpt/sandbox/phone/transactions/{signing.TransactionId}/confirm", null, TestContext.Current.CancellationToken);
        confirmed.EnsureSuccessStatusCode();
    }

    private static string InterlinkedId(IPage page) => Regex.Match(page.Url, "/interlinked/([0-9a-f-]{36})$").Groups[1].Value;

    /// <summary>The part's own dossier, as the interlinked dossier's page links it.</summary>
    private static async Task<string> PartDossierAsync(IPage page, string part)
    {
        var link = await page.Locator($"#interlinked-parts tr[data-part='{part}']").GetByRole(AriaRole.Link, new() { Name = "Xem hồ sơ" }).GetAttributeAsync("href");
        return Regex.Match(link!, "/dossiers/([0-9a-f-]{36})").Groups[1].Value;
    }

    private static Task<string> StateAsync(IPage page, string part) =>
        PortalBrowser.TextAsync(page.Locator($"#interlinked-parts tr[data-part='{part}'] [data-state]"));

    /// <summary>Reloads the page, as a person waiting for the other agencies would, until it shows <paramref name="expected"/>.</summary>
    private static async Task ReloadUntilAsync(IPage page, Func<Task<string>> shown, string expected)
    {
        var last = "";
        try
        {
            await Eventually.FindAsync(
                async () =>
                {
                    await page.ReloadAsync();
                    last = await shown();
                    if (last == expected)
                    {
                        return last;
                    }

                    await Task.Delay(TimeSpan.FromSeconds(1));
                    return null;
                },
                Patience);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{page.Url} still shows '{last}', not '{expected}': {await PortalBrowser.TextAsync(page.Locator("#interlinked-parts"))}");
        }
    }
}
