using System.Net;
using HanoiEgov.Platform.Tests.AppHost;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// The interlinked dossier's one receipt (form 01) in both portals, in Chromium against the whole AppHost: the parent
/// and the ward's head download it from the interlinked dossier's page, by mouse and by keyboard, on a phone too.
/// </summary>
[Collection(WholePlatformGroup.Name)]
[Trait("Category", "Browser")]
public sealed class InterlinkedReceiptPortalTests(WholePlatformFixture platform) : PortalTests(platform)
{
    private const string Mother = "tran.thi.binh";
    private const string ReceiptLink = "Giấy tiếp nhận và hẹn trả kết quả (mẫu 01)";

    [Fact]
    public async Task The_parent_downloads_the_whole_dossiers_receipt_from_its_page_by_its_link_and_by_keyboard_and_the_page_passes_axe()
    {
        var submitted = await SubmitBirthAsync();
        var page = await CitizenAsync(Mother, $"/interlinked/{submitted.Id}");

        var link = page.GetByRole(AriaRole.Link, new() { Name = ReceiptLink });
        AssertReceiptOf(submitted, await PortalBrowser.DownloadAsync(page, link));
        await PortalBrowser.TabToAsync(page, "#interlinked-receipt");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Keyboard.PressAsync("Enter"));
        Assert.Equal($"{submitted.Code}-mau-01.pdf", download.SuggestedFilename);
        await PortalBrowser.AssertAccessibleAsync(page);
        await PortalBrowser.ScreenshotAsync(page, "citizen-interlinked-receipt");

        // Another citizen's portal session gets nothing for it.
        var other = await CitizenAsync("nguyen.van.an", "/dossiers");
        Assert.Equal((int)HttpStatusCode.NotFound, (await other.APIRequest.GetAsync($"{CitizenPortal}/interlinked/{submitted.Id}/forms/01")).Status);
    }

    [Fact]
    public async Task The_wards_head_downloads_the_receipt_from_the_back_office_page_and_on_a_375_px_phone_both_pages_fit_and_pass_axe()
    {
        var submitted = await SubmitBirthAsync();
        var head = await OfficialAsync("head.badinh", $"/interlinked/{submitted.Id}");
        AssertReceiptOf(submitted, await PortalBrowser.DownloadAsync(head, head.GetByRole(AriaRole.Link, new() { Name = ReceiptLink })));
        await PortalBrowser.AssertAccessibleAsync(head);

        var headPhone = await OfficialAsync("head.badinh", $"/interlinked/{submitted.Id}", phone: true);
        await PortalBrowser.AssertNoHorizontalScrollAsync(headPhone);
        await PortalBrowser.AssertAccessibleAsync(headPhone);
        AssertReceiptOf(submitted, await PortalBrowser.DownloadAsync(headPhone, headPhone.GetByRole(AriaRole.Link, new() { Name = ReceiptLink })));
        await PortalBrowser.ScreenshotAsync(headPhone, "officials-phone-interlinked-receipt");

        var citizenPhone = await CitizenAsync(Mother, $"/interlinked/{submitted.Id}", phone: true);
        await PortalBrowser.AssertNoHorizontalScrollAsync(citizenPhone);
        await PortalBrowser.AssertAccessibleAsync(citizenPhone);
        AssertReceiptOf(submitted, await PortalBrowser.DownloadAsync(citizenPhone, citizenPhone.GetByRole(AriaRole.Link, new() { Name = ReceiptLink })));
        await PortalBrowser.ScreenshotAsync(citizenPhone, "citizen-phone-interlinked-receipt");
    }

    private static void AssertReceiptOf(InterlinkedDossier submitted, byte[] pdf)
    {
        var printed = PdfText.Of(pdf);
        Assert.Contains($"Mã hồ sơ: {submitted.Code}", printed, StringComparison.Ordinal);
        Assert.All(submitted.Parts, part => Assert.Contains($"(mã {part.ProcedureCode})", printed, StringComparison.Ordinal));
    }

    private async Task<InterlinkedDossier> SubmitBirthAsync()
    {
        var documents = new List<object>();
        foreach (var code in new[] { "to-khai", "giay-chung-sinh", "giay-to-tuy-than" })
        {
            documents.Add(new { documentCode = code, attachmentId = await Calls.UploadAsync(Mother, "/api/attachments", $"{code}.pdf", Pdf) });
        }

        return await Calls.SendAsync<InterlinkedDossier>(Mother, HttpMethod.Post, "/api/interlinked/births", new
        {
            agency = "00004",
            child = new { fullName = "Trần Bảo Ngọc", dateOfBirth = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7).AddDays(-10)), gender = "Nữ", placeOfBirth = "Bệnh viện Phụ sản Hà Nội" },
            mother = new { personalId = "001195012346", fullName = "Trần Thị Bình" },
            residence = new { householderPersonalId = "001090012345", address = "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội" },
            documents,
        }, HttpStatusCode.Created);
    }
}
