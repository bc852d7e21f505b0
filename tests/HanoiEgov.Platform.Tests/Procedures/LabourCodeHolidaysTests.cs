using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Platform.Tests.Procedures;

/// <summary>A year the government has not announced is derived from the Labour Code and Vietnam's lunar calendar.</summary>
[Trait("Category", "Unit")]
public sealed class LabourCodeHolidaysTests
{
    private static readonly HashSet<DayOfWeek> Weekend = [DayOfWeek.Saturday, DayOfWeek.Sunday];

    [Theory]
    [InlineData(1985, "1985-01-21")] // China's calendar (UTC+8) put it a month later, on 20 February
    [InlineData(2007, "2007-02-17")] // China's: 18 February
    [InlineData(2023, "2023-01-22")]
    [InlineData(2024, "2024-02-10")]
    [InlineData(2025, "2025-01-29")]
    [InlineData(2026, "2026-02-17")]
    [InlineData(2027, "2027-02-06")]
    [InlineData(2028, "2028-01-26")]
    public void Tet_falls_on_the_Vietnamese_lunar_new_year(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), VietnameseLunarCalendar.NewYear(year));

    [Theory]
    [InlineData(2023, "2023-04-29")]
    [InlineData(2024, "2024-04-18")]
    [InlineData(2025, "2025-04-07")]
    [InlineData(2026, "2026-04-26")]
    [InlineData(2027, "2027-04-16")]
    public void The_Hung_Kings_day_is_the_10th_of_the_3rd_lunar_month(int year, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), VietnameseLunarCalendar.ToSolar(year, 3, 10));

    [Theory]
    [InlineData(2026)]
    [InlineData(2027)]
    public void The_derivation_gives_the_same_days_off_as_the_years_the_platform_ships_derived(int year)
    {
        var shipped = WorkingCalendar.LoadEmbedded().Year(year)!;

        var derived = LabourCodeHolidays.Derive(year, Weekend);

        Assert.Equal("derived", shipped.Status);
        Assert.Equal(shipped.DaysOff.Select(day => day.Date), derived.DaysOff.Select(day => day.Date));
        Assert.Empty(derived.MakeUpWorkingDays);
    }

    [Fact]
    public void A_holiday_on_a_weekend_is_given_back_on_the_next_working_day_that_is_not_a_holiday()
    {
        // 2028: Tết mùng 1 on Wednesday 26 January; 30/4 on Sunday (back Tuesday 2/5, after 1/5 on Monday); 2/9 on Saturday.
        var year = LabourCodeHolidays.Derive(2028, Weekend);

        var days = year.DaysOff.Select(day => day.Date.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(["01-03", "01-25", "01-26", "01-27", "01-28", "01-31", "04-04", "05-01", "05-02", "09-01", "09-04"], days);
        Assert.Equal(LabourCodeHolidays.DerivedStatus, year.Status);
        Assert.All(year.DaysOff, day => Assert.DoesNotContain(day.Date.DayOfWeek, Weekend));
    }
}
