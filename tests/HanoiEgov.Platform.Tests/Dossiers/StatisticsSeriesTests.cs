using System.Globalization;
using System.Net;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The statistics the back office charts: a series per week or month and procedure, and the city's ranking of agencies.</summary>
public sealed class StatisticsSeriesTests(LocalServersFixture servers) : HostedPlatformTests(servers, "series")
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    [Fact]
    public async Task A_monthly_series_counts_each_procedure_and_adds_up_to_the_agencys_statistics_for_the_period()
    {
        var calls = new DemoUserCalls(Servers, Client);
        await DossiersAsync(calls);
        var period = Period(Today.AddDays(-40), Today.AddDays(1));

        var series = await JsonAsync(calls, "head.badinh", $"/api/statistics/dossiers/series?period=month&{period}");
        var statistics = (await JsonAsync(calls, "head.badinh", $"/api/statistics/dossiers?{period}")).EnumerateArray().Single();

        Assert.Equal("00004", series.GetProperty("agency").GetString());
        Assert.Equal("hours", series.GetProperty("processingTimeUnit").GetString());
        var periods = series.GetProperty("periods").EnumerateArray().ToList();
        Assert.Equal(Today.AddDays(-40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), periods[0].GetProperty("start").GetString());
        Assert.Equal(Today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), periods[^1].GetProperty("end").GetString());
        Assert.All(periods.Skip(1), month => Assert.EndsWith("-01", month.GetProperty("start").GetString(), StringComparison.Ordinal));
        var now = periods.Single(month => month.GetProperty("received").GetInt64() > 0);
        Assert.Equal(3, now.GetProperty("received").GetInt64());
        Assert.Equal(1, now.GetProperty("processed").GetInt64());
        Assert.Equal(1, now.GetProperty("onTime").GetInt64());
        Assert.Equal(0, now.GetProperty("late").GetInt64());
        Assert.Equal(1.0, now.GetProperty("onTimeRate").GetDouble());
        Assert.Equal(0.6667, now.GetProperty("onlineShare").GetDouble());
        Assert.True(now.GetProperty("averageProcessingHours").GetDouble() >= 0);
        var procedures = now.GetProperty("procedures").EnumerateArray().ToDictionary(procedure => procedure.GetProperty("procedureCode").GetString()!);
        Assert.Equal(["1.001193", "1.004222"], procedures.Keys);
        Assert.Equal(2, procedures["1.004222"].GetProperty("received").GetInt64());
        Assert.Equal(1.0, procedures["1.004222"].GetProperty("onlineShare").GetDouble());
        Assert.Equal(0.0, procedures["1.001193"].GetProperty("onlineShare").GetDouble());
        Assert.Equal(JsonValueKind.Null, procedures["1.001193"].GetProperty("averageProcessingHours").ValueKind);
        var total = series.GetProperty("total");
        foreach (var figure in new[] { "received", "onTime", "late" })
        {
            Assert.Equal(statistics.GetProperty(figure).GetInt64(), total.GetProperty(figure).GetInt64());
            Assert.Equal(periods.Sum(month => month.GetProperty(figure).GetInt64()), total.GetProperty(figure).GetInt64());
        }

        Assert.Equal(statistics.GetProperty("onlineShare").GetDouble(), total.GetProperty("onlineShare").GetDouble());
        Assert.Equal(statistics.GetProperty("averageProcessingHours").GetDouble(), total.GetProperty("averageProcessingHours").GetDouble());
    }

    [Fact]
    public async Task A_weekly_series_runs_monday_to_sunday_lists_empty_weeks_and_filters_one_procedure_and_administrators_see_the_city()
    {
        var calls = new DemoUserCalls(Servers, Client);
        await DossiersAsync(calls);
        var from = Today.AddDays(-20);
        var period = Period(from, Today.AddDays(1));

        var weeks = (await JsonAsync(calls, "clerk.badinh", $"/api/statistics/dossiers/series?period=week&procedure=1.004222&{period}")).GetProperty("periods").EnumerateArray().ToList();
        var city = await JsonAsync(calls, "admin", $"/api/statistics/dossiers/series?period=week&{period}");
        var hoanKiem = await JsonAsync(calls, "admin", $"/api/statistics/dossiers/series?agency=00070&{period}");

        Assert.All(weeks.Skip(1), week => Assert.Equal(DayOfWeek.Monday, DateOnly.Parse(week.GetProperty("start").GetString()!, CultureInfo.InvariantCulture).DayOfWeek));
        Assert.All(weeks.SkipLast(1), week => Assert.Equal(DayOfWeek.Monday, DateOnly.Parse(week.GetProperty("end").GetString()!, CultureInfo.InvariantCulture).DayOfWeek));
        Assert.InRange(weeks.Count, 3, 4);
        Assert.Equal(2, weeks.Sum(week => week.GetProperty("received").GetInt64()));
        Assert.Contains(weeks, week => week.GetProperty("received").GetInt64() == 0 && week.GetProperty("procedures").GetArrayLength() == 0);
        Assert.All(weeks.SelectMany(week => week.GetProperty("procedures").EnumerateArray()), procedure => Assert.Equal("1.004222", procedure.GetProperty("procedureCode").GetString()));
        Assert.Equal(JsonValueKind.Null, city.GetProperty("agency").ValueKind);
        Assert.Equal(4, city.GetProperty("total").GetProperty("received").GetInt64());
        Assert.Equal("month", hoanKiem.GetProperty("period").GetString());
        Assert.Equal(1, hoanKiem.GetProperty("total").GetProperty("received").GetInt64());
    }

    [Fact]
    public async Task Administrators_see_every_agency_of_the_city_ranked_and_agencies_with_nothing_to_rank_by_come_last_without_a_rank()
    {
        var calls = new DemoUserCalls(Servers, Client);
        await DossiersAsync(calls);
        var period = Period(Today.AddDays(-7), Today.AddDays(1));

        var onTime = await JsonAsync(calls, "admin", $"/api/statistics/agencies?{period}");
        var received = (await JsonAsync(calls, "admin", $"/api/statistics/agencies?by=received&{period}")).GetProperty("agencies").EnumerateArray().ToList();
        var agencies = (await JsonAsync(calls, "admin", "/api/agencies")).GetArrayLength();
        using var official = await calls.SendAsync("head.badinh", HttpMethod.Get, $"/api/statistics/agencies?{period}");

        Assert.Equal("on-time-rate", onTime.GetProperty("by").GetString());
        var ranked = onTime.GetProperty("agencies").EnumerateArray().ToList();
        Assert.Equal(agencies, ranked.Count);
        Assert.Equal("00004", ranked[0].GetProperty("agency").GetString());
        Assert.Equal("Phường Ba Đình", ranked[0].GetProperty("agencyName").GetString());
        Assert.Equal(1, ranked[0].GetProperty("rank").GetInt32());
        Assert.Equal(1.0, ranked[0].GetProperty("onTimeRate").GetDouble());
        Assert.All(ranked.Skip(1), agency => Assert.Equal(JsonValueKind.Null, agency.GetProperty("rank").ValueKind));
        Assert.Equal(["00004", "00070"], received.Take(2).Select(agency => agency.GetProperty("agency").GetString()));
        Assert.Equal([1, 2], received.Take(2).Select(agency => agency.GetProperty("rank").GetInt32()));
        Assert.Equal(1, received[1].GetProperty("received").GetInt64());
        Assert.Equal(HttpStatusCode.Forbidden, official.StatusCode);
    }

    [Theory]
    [InlineData("admin", "dossiers/series?period=day&from=2026-01-01&to=2026-02-01", "period")]
    [InlineData("admin", "dossiers/series?from=2026-13-01&to=2026-02-01", "from")]
    [InlineData("admin", "dossiers/series?from=2026-02-01&to=2026-02-01", "to")]
    [InlineData("admin", "dossiers/series?period=week&from=2025-01-01&to=2026-02-01", "to")]
    [InlineData("admin", "dossiers/series?from=2023-01-01&to=2026-02-01", "to")]
    [InlineData("admin", "dossiers/series?procedure=1.2&from=2026-01-01&to=2026-02-01", "procedure")]
    [InlineData("admin", "dossiers/series?agency=99999&from=2026-01-01&to=2026-02-01", "agency")]
    [InlineData("head.badinh", "dossiers/series?from=2026-01-01", "to")]
    [InlineData("admin", "agencies?by=fastest&from=2026-01-01&to=2026-02-01", "by")]
    [InlineData("admin", "agencies?procedure=x&from=2026-01-01&to=2026-02-01", "procedure")]
    public async Task A_statistics_query_with_a_bad_field_is_a_400_naming_it(string user, string query, string field)
    {
        var calls = new DemoUserCalls(Servers, Client);
        using var response = await calls.SendAsync(user, HttpMethod.Get, $"/api/statistics/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await DemoUserCalls.JsonOf(response)).GetProperty("errors").EnumerateObject().Select(error => error.Name));
    }

    [Fact]
    public async Task An_official_reads_only_their_own_agencys_series()
    {
        var calls = new DemoUserCalls(Servers, Client);
        using var other = await calls.SendAsync("head.badinh", HttpMethod.Get, $"/api/statistics/dossiers/series?agency=00070&{Period(Today, Today.AddDays(1))}");
        using var citizen = await calls.SendAsync("nguyen.van.an", HttpMethod.Get, $"/api/statistics/dossiers/series?{Period(Today, Today.AddDays(1))}");

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, citizen.StatusCode);
    }

    /// <summary>Ba Đình: two online residence dossiers, one processed on time, and a birth registered at the counter; Hoàn Kiếm: one online.</summary>
    private static async Task DossiersAsync(DemoUserCalls calls)
    {
        var processed = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).GetProperty("id").GetString()!;
        await calls.SubmitResidenceAsync("tran.thi.binh", "00004");
        await calls.SubmitResidenceAsync("le.minh.chau", "00070");
        await calls.ActAsync("clerk.badinh", processed, "Accept", 1);
        await calls.ActAsync("clerk.badinh", processed, "StartProcessing", 2);
        await calls.ActAsync("head.badinh", processed, "Approve", 3);
        await calls.RegisterBirthAtCounterAsync("clerk.badinh");
    }

    private static string Period(DateOnly from, DateOnly to) => string.Create(CultureInfo.InvariantCulture, $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");

    private static async Task<JsonElement> JsonAsync(DemoUserCalls calls, string user, string path)
    {
        using var response = await calls.GetOkAsync(user, path);
        return await DemoUserCalls.JsonOf(response);
    }
}
