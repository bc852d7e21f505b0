using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using HanoiEgov.Platform.Tests.AppHost;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Playwright;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// The back office's statistics page in Chromium against the whole AppHost, for reception anywhere (Decree 118/2025)
/// and interlinked dossiers (Decree 63/2024): each side's figures as the API gives them, readable as text, on a phone too.
/// </summary>
[Collection(WholePlatformGroup.Name)]
[Trait("Category", "Browser")]
public sealed class StatisticsPortalTests(WholePlatformFixture platform) : PortalTests(platform)
{
    private const string BirthGroup = "3.000722";
    private const string Mother = "tran.thi.binh";
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    [Fact]
    public async Task The_statistics_page_shows_what_a_ward_received_for_another_apart_from_what_it_resolves_and_its_interlinked_dossiers_each_once()
    {
        await BirthForBaDinhAtHoanKiemAsync();
        await InterlinkedBirthAsync();
        var query = $"from={Today.Year}-01-01&to={Today.AddDays(1):yyyy-MM-dd}";

        var receiving = await OfficialAsync("head.hoankiem", $"/statistics?from={Today.Year}-01-01&to={Today:yyyy-MM-dd}");
        var receivingTotal = (await Calls.SendAsync<StatisticsSeries>("head.hoankiem", HttpMethod.Get, $"/api/statistics/dossiers/series?{query}")).Total;
        Assert.True(receivingTotal.ReceivedForOthers > 0);
        foreach (var (figure, value) in new[]
        {
            ("receivedHere", receivingTotal.ReceivedHere), ("receivedForOthers", receivingTotal.ReceivedForOthers), ("received", receivingTotal.Received),
            ("transferredIn", receivingTotal.TransferredIn),
        })
        {
            Assert.Equal(value.ToString("#,0", Vi), await PortalBrowser.TextAsync(receiving.Locator($"#statistics-total [data-figure='{figure}']")));
        }

        await Assertions.Expect(receiving.Locator("#statistics-total")).ToContainTextAsync("trong đó tiếp nhận hộ cơ quan khác");
        await Assertions.Expect(receiving.Locator("#statistics-rule")).ToContainTextAsync("Mỗi hồ sơ chỉ tính một lần trong mỗi tổng");
        await PortalBrowser.AssertAccessibleAsync(receiving);

        var competent = await OfficialAsync("head.badinh", $"/statistics?from={Today.Year}-01-01&to={Today:yyyy-MM-dd}");
        var competentTotal = (await Calls.SendAsync<StatisticsSeries>("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers/series?{query}")).Total;
        var interlinked = await Calls.SendAsync<InterlinkedStatistics>("head.badinh", HttpMethod.Get, $"/api/statistics/interlinked?{query}");
        Assert.True(competentTotal.TransferredIn > 0);
        Assert.Equal(competentTotal.TransferredIn.ToString("#,0", Vi), await PortalBrowser.TextAsync(competent.Locator("#statistics-total [data-figure='transferredIn']")));
        var births = interlinked.Group(BirthGroup);
        Assert.True(births.Received > 0);
        var row = competent.Locator($"#interlinked tr[data-group='{BirthGroup}']");
        foreach (var (figure, value) in new[]
        {
            ("received", births.Received), ("inProgress", births.InProgress), ("overdue", births.Overdue), ("completedOnTime", births.CompletedOnTime),
            ("completedLate", births.CompletedLate), ("closed", births.Closed),
        })
        {
            Assert.Equal(value.ToString("#,0", Vi), await PortalBrowser.TextAsync(row.Locator($"[data-interlinked='{figure}']")));
        }

        await Assertions.Expect(row.Locator("th")).ToContainTextAsync(BirthGroup);
        Assert.Equal(interlinked.Total.Received.ToString("#,0", Vi), await PortalBrowser.TextAsync(competent.Locator("#interlinked tr[data-group='total'] [data-interlinked='received']")));
        await Assertions.Expect(competent.Locator("#interlinked-rule")).ToContainTextAsync("đã tính trong số liệu ở trên");
        await PortalBrowser.AssertAccessibleAsync(competent);
        await PortalBrowser.ScreenshotAsync(competent, "officials-statistics-interlinked");

        var phone = await OfficialAsync("head.hoankiem", $"/statistics?from={Today.Year}-01-01&to={Today:yyyy-MM-dd}", phone: true);
        await Assertions.Expect(phone.Locator("#statistics-total [data-figure='receivedForOthers']")).ToHaveTextAsync(receivingTotal.ReceivedForOthers.ToString("#,0", Vi));
        await PortalBrowser.AssertNoHorizontalScrollAsync(phone);
        await PortalBrowser.AssertAccessibleAsync(phone);
        await PortalBrowser.ScreenshotAsync(phone, "officials-phone-statistics");

        var admin = await OfficialAsync("admin", $"/statistics?from={Today.Year}-01-01&to={Today:yyyy-MM-dd}");
        var ranking = (await Calls.SendAsync<AgencyRanking>("admin", HttpMethod.Get, $"/api/statistics/agencies?{query}")).Agencies.Single(rank => rank.Agency == "00070");
        var hoanKiem = admin.Locator("#ranking tr[data-agency='00070']");
        Assert.Equal(ranking.ReceivedForOthers.ToString("#,0", Vi), await PortalBrowser.TextAsync(hoanKiem.Locator("[data-column='receivedForOthers']")));
        Assert.Equal(ranking.ReceivedHere.ToString("#,0", Vi), await PortalBrowser.TextAsync(hoanKiem.Locator("[data-column='receivedHere']")));
        await Assertions.Expect(admin.Locator($"#interlinked-communes tr[data-agency='00004'][data-group='{BirthGroup}']")).ToHaveCountAsync(1);
        await PortalBrowser.AssertAccessibleAsync(admin);
    }

    /// <summary>Hoàn Kiếm's clerk registers a birth (1.001193) for Ba Đình at the counter and hands it over.</summary>
    private async Task BirthForBaDinhAtHoanKiemAsync()
    {
        const string clerk = "clerk.hoankiem";
        var documents = new List<object>();
        foreach (var code in new[] { "to-khai", "giay-chung-sinh", "giay-to-tuy-than" })
        {
            documents.Add(new { documentCode = code, attachmentId = await Calls.UploadAsync(clerk, "/api/attachments", $"{code}.pdf", Pdf) });
        }

        var dossier = await Calls.SendAsync<Dossier>(clerk, HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = "1.001193", applicantId = "001302012347", applicantName = "Lê Minh Châu", documents, competentAgency = "00004" }, HttpStatusCode.Created);
        await Calls.ActAsync(clerk, dossier.Id, "HandOver");
    }

    /// <summary>An interlinked birth declared online to Ba Đình; its parts are decided or wait, either way it is one whole received.</summary>
    private async Task InterlinkedBirthAsync()
    {
        var documents = new List<object>();
        foreach (var code in new[] { "to-khai", "giay-chung-sinh", "giay-to-tuy-than" })
        {
            documents.Add(new { documentCode = code, attachmentId = await Calls.UploadAsync(Mother, "/api/attachments", $"{code}.pdf", Pdf) });
        }

        await Calls.SendAsync(Mother, HttpMethod.Post, "/api/interlinked/births", new
        {
            agency = "00004",
            child = new { fullName = "Phạm Gia Huy", dateOfBirth = Today.AddDays(-5), gender = "Nam", placeOfBirth = "Bệnh viện Phụ sản Hà Nội" },
            mother = new { personalId = "001195012346", fullName = "Trần Thị Bình" },
            residence = new { householderPersonalId = "001090012345", address = "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội" },
            documents,
        }, HttpStatusCode.Created);
    }
}
