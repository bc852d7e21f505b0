using HanoiEgov.Modules.Procedures;

namespace HanoiEgov.Platform.Tests.Procedures;

[Trait("Category", "Unit")]
public sealed class DeadlineTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.LoadEmbedded();
    private static readonly DeadlineCalculator Deadlines = new(Calendar);
    private static readonly ProcessingTime SameDay = new(true, new TimeOnly(15, 0), null);

    private static DateTimeOffset Hanoi(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    private static ProcessingTime WorkingDays(int days) => new(false, null, days);

    [Fact]
    public void A_same_day_procedure_received_before_the_cut_off_is_due_at_closing_time_that_day() =>
        Assert.Equal(Hanoi(2025, 10, 6, 17), Deadlines.DueAt(SameDay, Hanoi(2025, 10, 6, 14, 59)));

    [Fact]
    public void A_same_day_procedure_received_on_Friday_at_16_00_is_due_on_Monday() =>
        Assert.Equal(Hanoi(2025, 10, 6, 17), Deadlines.DueAt(SameDay, Hanoi(2025, 10, 3, 16)));

    [Fact]
    public void Working_days_are_counted_from_the_day_after_receipt_and_skip_the_weekend() =>
        Assert.Equal(Hanoi(2025, 10, 15, 17), Deadlines.DueAt(WorkingDays(7), Hanoi(2025, 10, 6, 9)));

    [Theory]
    [InlineData(14, 59, 9)]
    [InlineData(15, 0, 10)]
    public void A_working_day_procedure_with_a_15_00_cut_off_received_after_it_counts_from_the_next_working_day(int hour, int minute, int dueDay) =>
        Assert.Equal(Hanoi(2025, 10, dueDay, 17), Deadlines.DueAt(new ProcessingTime(false, new TimeOnly(15, 0), 3), Hanoi(2025, 10, 6, hour, minute)));

    [Fact]
    public void A_dossier_received_on_Saturday_counts_as_received_on_Monday() =>
        Assert.Equal(Hanoi(2025, 10, 9, 17), Deadlines.DueAt(WorkingDays(3), Hanoi(2025, 10, 4, 10)));

    [Fact]
    public void The_Lunar_New_Year_holiday_is_not_counted() =>
        Assert.Equal(Hanoi(2025, 2, 5, 17), Deadlines.DueAt(WorkingDays(3), Hanoi(2025, 1, 24, 10)));

    [Fact]
    public void A_make_up_Saturday_is_counted_and_the_swapped_Friday_is_not()
    {
        Assert.True(Calendar.IsWorkingDay(new DateOnly(2025, 4, 26)));
        Assert.False(Calendar.IsWorkingDay(new DateOnly(2025, 5, 2)));
        Assert.Equal(Hanoi(2025, 4, 29, 17), Deadlines.DueAt(WorkingDays(7), Hanoi(2025, 4, 21, 9)));
    }

    [Fact]
    public void The_clock_stops_while_a_supplement_is_awaited_and_the_days_left_carry_over()
    {
        var due = Deadlines.DueAt(WorkingDays(7), Hanoi(2025, 10, 6, 9));

        var resumed = Deadlines.Resume(due, pausedAt: Hanoi(2025, 10, 9, 10), resumedAt: Hanoi(2025, 10, 20, 9));

        Assert.Equal(Hanoi(2025, 10, 15, 17), due);
        Assert.Equal(Hanoi(2025, 10, 24, 17), resumed);
    }

    [Fact]
    public void A_deadline_in_a_year_the_calendar_does_not_hold_is_counted_on_that_year_derived_from_the_Labour_Code()
    {
        var calendar = WorkingCalendar.LoadEmbedded();

        // Received Thursday 31 August 2028: Friday 1/9 adjoins Quốc khánh on Saturday 2/9, given back on Monday 4/9.
        var due = new DeadlineCalculator(calendar).DueAt(WorkingDays(2), Hanoi(2028, 8, 31, 9));

        Assert.Equal(Hanoi(2028, 9, 6, 17), due);
        Assert.Equal(LabourCodeHolidays.DerivedStatus, calendar.Year(2028)!.Status);
    }

    [Fact]
    public void A_year_the_calendar_cannot_derive_is_refused_with_the_year_named()
    {
        var error = Assert.Throws<CalendarYearMissingException>(() => Deadlines.DueAt(WorkingDays(3), Hanoi(2101, 3, 3, 9)));

        Assert.Equal(2101, error.Year);
        Assert.Contains("2101", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_year_shipped_has_the_eleven_statutory_days_off_or_their_compensation()
    {
        var shipped = WorkingCalendar.LoadEmbedded().Years;

        Assert.Equal([2025, 2026, 2027], shipped.Select(year => year.Year).Order());
        Assert.All(shipped, year => Assert.InRange(year.DaysOff.Count, 11, 13));
    }
}
