using System.Globalization;

namespace HanoiEgov.Modules.Procedures;

/// <summary>
/// A year's days off as the Labour Code 2019 (art. 112) gives them, for a year the government has not announced yet:
/// New Year's Day; Tết, the last day of the lunar year and the first four of the new one; the Hùng Kings' day (10th
/// of the 3rd lunar month); 30 April; 1 May; 2 September with one adjacent day. A holiday on a weekly rest day is
/// given back on the next working day (art. 111). Which day adjoins National Day is the government's choice each year;
/// the one that joins the break to a weekend is taken. The year is marked <c>derived</c>: an administrator confirms it
/// (PUT /api/calendar/{year}) once the Prime Minister's notice is out, as the swaps it announces cannot be derived.
/// </summary>
public static class LabourCodeHolidays
{
    public const string DerivedStatus = "derived";

    public static CalendarYear Derive(int year, IReadOnlySet<DayOfWeek> weeklyRest)
    {
        var newYear = VietnameseLunarCalendar.NewYear(year);
        var nationalDay = new DateOnly(year, 9, 2);
        List<CalendarDay> holidays =
        [
            new(new DateOnly(year, 1, 1), "Tết Dương lịch"),
            new(newYear.AddDays(-1), "Tết Nguyên đán (ngày cuối năm Âm lịch)"),
            new(newYear, "Tết Nguyên đán (mùng 1)"),
            new(newYear.AddDays(1), "Tết Nguyên đán (mùng 2)"),
            new(newYear.AddDays(2), "Tết Nguyên đán (mùng 3)"),
            new(newYear.AddDays(3), "Tết Nguyên đán (mùng 4)"),
            new(VietnameseLunarCalendar.ToSolar(year, 3, 10), "Giỗ Tổ Hùng Vương (10/3 âm lịch)"),
            new(new DateOnly(year, 4, 30), "Ngày Giải phóng miền Nam"),
            new(new DateOnly(year, 5, 1), "Ngày Quốc tế Lao động"),
            new(nationalDay, "Quốc khánh"),
            new(nationalDay.AddDays(nationalDay.DayOfWeek is DayOfWeek.Monday or DayOfWeek.Thursday or DayOfWeek.Sunday ? 1 : -1), "Quốc khánh (ngày liền kề)"),
        ];

        var taken = holidays.Select(holiday => holiday.Date).ToHashSet();
        var daysOff = new List<CalendarDay>();
        foreach (var holiday in holidays.OrderBy(holiday => holiday.Date))
        {
            if (!weeklyRest.Contains(holiday.Date.DayOfWeek))
            {
                daysOff.Add(holiday);
                continue;
            }

            var makeUp = holiday.Date.AddDays(1);
            while (weeklyRest.Contains(makeUp.DayOfWeek) || taken.Contains(makeUp))
            {
                makeUp = makeUp.AddDays(1);
            }

            taken.Add(makeUp);
            daysOff.Add(new CalendarDay(makeUp, $"Nghỉ bù {holiday.Reason} ({holiday.Date.ToString("d/M", CultureInfo.InvariantCulture)} rơi vào ngày nghỉ hằng tuần)"));
        }

        return new CalendarYear(year, DerivedStatus, [.. daysOff.OrderBy(day => day.Date)], []);
    }
}
