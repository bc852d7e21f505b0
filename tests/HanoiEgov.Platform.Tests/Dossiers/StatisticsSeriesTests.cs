using System.Globalization;
using System.Net;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The statistics the back office charts: a series per week or month and procedure, and the city's ranking of agencies.</summary>
[Trait("Category", "Integration")]
public sealed class StatisticsSeriesTests(LocalServersFixture servers) : HostedPlatformTests(servers, "series")
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    [Fact]
    public async Task A_monthly_series_counts_each_procedure_and_adds_up_to_the_agencys_statistics_for_the_period()
    {
        var calls = new DemoUserCalls(Servers, Client);
        await DossiersAsync(calls);
        var period = Period(Today.AddDays(-40), Today.AddDays(1));

        var series = await calls.GetOkAsync<StatisticsSeries>("head.badinh", $"/api/statistics/dossiers/series?period=month&{period}");
        var statistics = (await calls.GetOkAsync<AgencyStatistics[]>("head.badinh", $"/api/statistics/dossiers?{period}")).Single();

        Assert.Equal("00004", series.Agency);
        Assert.Equal("hours", series.ProcessingTimeUnit);
        var periods = series.Periods;
        Assert.Equal(Today.AddDays(-40), periods[0].Start);
        Assert.Equal(Today.AddDays(1), periods[^1].End);
        Assert.All(periods.Skip(1), month => Assert.Equal(1, month.Start.Day));
        var now = periods.Single(month => month.Received > 0);
        Assert.Equal(3, now.Received);
        Assert.Equal(1, now.Processed);
        Assert.Equal(1, now.OnTime);
        Assert.Equal(0, now.Late);
        Assert.Equal(1.0, now.OnTimeRate);
        Assert.Equal(0.6667, now.OnlineShare);
        Assert.True(now.AverageProcessingHours >= 0);
        var procedures = now.Procedures.ToDictionary(procedure => procedure.ProcedureCode);
        Assert.Equal(["1.001193", "1.004222"], procedures.Keys);
        Assert.Equal(2, procedures["1.004222"].Received);
        Assert.Equal(1.0, procedures["1.004222"].OnlineShare);
        Assert.Equal(0.0, procedures["1.001193"].OnlineShare);
        Assert.Null(procedures["1.001193"].AverageProcessingHours);
        var total = series.Total;
        Assert.Equal(statistics.Received, total.Received);
        Assert.Equal(periods.Sum(month => month.Received), total.Received);
        Assert.Equal(statistics.OnTime, total.OnTime);
        Assert.Equal(periods.Sum(month => month.OnTime), total.OnTime);
        Assert.Equal(statistics.Late, total.Late);
        Assert.Equal(periods.Sum(month => month.Late), total.Late);
        Assert.Equal(statistics.OnlineShare, total.OnlineShare);
        Assert.Equal(statistics.AverageProcessingHours!.Value, total.AverageProcessingHours!.Value);
    }

    [Fact]
    public async Task A_weekly_series_runs_monday_to_sunday_lists_empty_weeks_and_filters_one_procedure_and_administrators_see_the_city()
    {
        var calls = new DemoUserCalls(Servers, Client);
        await DossiersAsync(calls);
        var from = Today.AddDays(-20);
        var period = Period(from, Today.AddDays(1));

        var weeks = (await calls.GetOkAsync<StatisticsSeries>("clerk.badinh", $"/api/statistics/dossiers/series?period=week&procedure=1.004222&{period}")).Periods;
        var city = await calls.GetOkAsync<StatisticsSeries>("admin", $"/api/statistics/dossiers/series?period=week&{period}");
        var hoanKiem = await calls.GetOkAsync<StatisticsSeries>("admin", $"/api/statistics/dossiers/series?agency=00070&{period}");

        Assert.All(weeks.Skip(1), week => Assert.Equal(DayOfWeek.Monday, week.Start.DayOfWeek));
        Assert.All(weeks.SkipLast(1), week => Assert.Equal(DayOfWeek.Monday, week.End.DayOfWeek));
        Assert.InRange(weeks.Count, 3, 4);
        Assert.Equal(2, weeks.Sum(week => week.Received));
        Assert.Contains(weeks, week => week.Received == 0 && week.Procedures.Count == 0);
        Assert.All(weeks.SelectMany(week => week.Procedures), procedure => Assert.Equal("1.004222", procedure.ProcedureCode));
        Assert.Null(city.Agency);
        Assert.Equal(4, city.Total.Received);
        Assert.Equal("month", hoanKiem.Period);
        Assert.Equal(1, hoanKiem.Total.Received);
    }

    [Fact]
    public async Task Administrators_see_every_agency_of_the_city_ranked_and_agencies_with_nothing_to_rank_by_come_last_without_a_rank()
    {
        var calls = new DemoUserCalls(Servers, Client);
        await DossiersAsync(calls);
        var period = Period(Today.AddDays(-7), Today.AddDays(1));

        var onTime = await calls.GetOkAsync<AgencyRanking>("admin", $"/api/statistics/agencies?{period}");
        var received = (await calls.GetOkAsync<AgencyRanking>("admin", $"/api/statistics/agencies?by=received&{period}")).Agencies;
        var agencies = (await calls.GetOkAsync<Agency[]>("admin", "/api/agencies")).Length;
        using var official = await calls.SendAsync("head.badinh", HttpMethod.Get, $"/api/statistics/agencies?{period}");

        Assert.Equal("on-time-rate", onTime.By);
        var ranked = onTime.Agencies;
        Assert.Equal(agencies, ranked.Count);
        Assert.Equal("00004", ranked[0].Agency);
        Assert.Equal("Phường Ba Đình", ranked[0].AgencyName);
        Assert.Equal(1, ranked[0].Rank);
        Assert.Equal(1.0, ranked[0].OnTimeRate);
        Assert.All(ranked.Skip(1), agency => Assert.Null(agency.Rank));
        Assert.Equal(["00004", "00070"], received.Take(2).Select(agency => agency.Agency));
        Assert.Equal([1, 2], received.Take(2).Select(agency => agency.Rank));
        Assert.Equal(1, received[1].Received);
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
        Assert.Equal([field], (await response.ReadAsync<Problem>()).ErrorFields);
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
        var processed = (await calls.SubmitResidenceAsync("nguyen.van.an", "00004")).Id;
        await calls.SubmitResidenceAsync("tran.thi.binh", "00004");
        await calls.SubmitResidenceAsync("le.minh.chau", "00070");
        await calls.ActAsync("clerk.badinh", processed, "Accept", 1);
        await calls.ActAsync("clerk.badinh", processed, "StartProcessing", 2);
        await calls.ActAsync("head.badinh", processed, "Approve", 3);
        await calls.RegisterBirthAtCounterAsync("clerk.badinh");
    }

    private static string Period(DateOnly from, DateOnly to) => string.Create(CultureInfo.InvariantCulture, $"from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}");
}
