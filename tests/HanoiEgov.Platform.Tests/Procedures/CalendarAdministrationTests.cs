using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Procedures;

/// <summary>Administrators add or replace a calendar year through the API; every replica on the database counts on it.</summary>
[Trait("Category", "Integration")]
public sealed class CalendarAdministrationTests(LocalServersFixture servers) : HostedPlatformTests(servers, "calendar")
{
    private const string DueDateOn2029 = "/api/procedures/1.004222/due-date?receivedAt=2029-03-06T10:00:00%2B07:00&channel=online";

    private static readonly object Year2029 = new
    {
        status = "derived",
        daysOff = new[]
        {
            Day("2029-01-01", "Tết Dương lịch"), Day("2029-02-12", "Tết Nguyên đán"), Day("2029-02-13", "Tết Nguyên đán (mùng 1)"),
            Day("2029-02-14", "Tết Nguyên đán"), Day("2029-02-15", "Tết Nguyên đán"), Day("2029-02-16", "Tết Nguyên đán"),
            Day("2029-03-09", "Nghỉ hoán đổi, làm bù thứ Bảy 17/3"), Day("2029-04-18", "Giỗ Tổ Hùng Vương"), Day("2029-04-30", "Ngày Giải phóng miền Nam"),
            Day("2029-05-01", "Ngày Quốc tế Lao động"), Day("2029-09-03", "Nghỉ bù Quốc khánh"), Day("2029-09-04", "Nghỉ bù Quốc khánh"),
        },
        makeUpWorkingDays = new[] { Day("2029-03-17", "Làm bù cho ngày nghỉ 9/3") },
    };

    [Fact]
    public async Task An_administrator_adds_a_year_and_another_replica_counts_deadlines_on_it_without_a_restart()
    {
        await using var secondReplica = new PlatformHostFactory(Database, Servers.RedisConnectionString, Servers.Identity.BaseAddress);
        using var second = secondReplica.CreateClient();
        await Eventually.HealthyAsync(second, TimeSpan.FromSeconds(90));
        var derived = await DueAtAsync(second);

        using var added = await PutAsync("admin", 2029, Year2029);
        using var replaced = await PutAsync("admin", 2029, Year2029);
        var announced = await Eventually.FindAsync(async () => await DueAtAsync(second) is var due && due != derived ? due : null, TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        // Until then 2029 was derived from the Labour Code (no swaps): seven working days from Tuesday 6 March end on
        // Thursday 15 March. The announced year swaps Friday 9 March for Saturday 17 March: Friday 16 March.
        Assert.Equal(new DateTimeOffset(2029, 3, 15, 17, 0, 0, TimeSpan.FromHours(7)), derived);
        Assert.Equal(new DateTimeOffset(2029, 3, 16, 17, 0, 0, TimeSpan.FromHours(7)), announced);
    }

    private static async Task<DateTimeOffset?> DueAtAsync(HttpClient client)
    {
        using var response = await client.GetAsync(DueDateOn2029, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadAsync<DueDate>()).DueAt;
    }

    [Fact]
    public async Task A_year_that_breaks_a_calendar_rule_is_400_naming_the_field_and_an_official_may_not_change_the_calendar()
    {
        var sundayOff = new { status = "announced", daysOff = new[] { Day("2030-01-06", "Chủ nhật") }, makeUpWorkingDays = new[] { Day("2030-01-07", "Thứ Hai") } };

        using var invalid = await PutAsync("admin", 2030, sundayOff);
        using var byOfficial = await PutAsync("head.badinh", 2030, Year2029);
        using var unchanged = await Client.GetAsync("/api/calendar/2030", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.ReadAsync<Problem>()).Errors!;
        Assert.Contains("already a rest day", errors["daysOff"][0], StringComparison.Ordinal);
        Assert.Contains("a working day already", errors["makeUpWorkingDays"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byOfficial.StatusCode);
        // Nothing was stored: the year is still the one derived from the Labour Code.
        Assert.Equal(HttpStatusCode.OK, unchanged.StatusCode);
        var year = await unchanged.ReadAsync<CalendarYear>();
        Assert.Equal("derived", year.Status);
        Assert.DoesNotContain(year.DaysOff, day => day.Date == new DateOnly(2030, 1, 6));
    }

    private static object Day(string date, string reason) => new { date, reason };

    private async Task<HttpResponseMessage> PutAsync(string user, int year, object body)
    {
        var token = (await Servers.Tokens.SignInAsync(user, "officials-portal")).GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/calendar/{year}") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
