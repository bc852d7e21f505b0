namespace HanoiEgov.Modules.Procedures;

/// <summary>What a calendar year must satisfy before it replaces the one deadlines are counted on.</summary>
internal static class CalendarYearRules
{
    public static readonly IReadOnlyList<string> Statuses = ["announced", "derived"];

    /// <summary>Labour Code 2019 art. 112: New Year 1, Lunar New Year 5, Hùng Kings 1, 30/4 1, 1/5 1, National Day 2.</summary>
    public const int StatutoryHolidayDays = 11;

    public static Dictionary<string, string[]> Check(CalendarYear year, WorkingCalendar calendar)
    {
        var errors = new Dictionary<string, string[]>();
        if (year.Year is < 2000 or > 2100)
        {
            errors["year"] = ["Must be a year from 2000 to 2100."];
            return errors;
        }

        if (!Statuses.Contains(year.Status))
        {
            errors["status"] = [$"Must be one of {string.Join(", ", Statuses)}: announced by the government, or derived and still to confirm."];
        }

        Add(errors, "daysOff", DayProblems(year, year.DaysOff, "day off", day => calendar.IsRestDayOfTheWeek(day.DayOfWeek)
            ? $"{day:yyyy-MM-dd} is a {day.DayOfWeek}, already a rest day; list the weekday given in compensation instead."
            : null));
        Add(errors, "makeUpWorkingDays", DayProblems(year, year.MakeUpWorkingDays, "make-up working day", day => calendar.IsRestDayOfTheWeek(day.DayOfWeek)
            ? null
            : $"{day:yyyy-MM-dd} is a {day.DayOfWeek}, a working day already; a make-up day is a rest day worked."));
        if (year.DaysOff.Count < StatutoryHolidayDays && !errors.ContainsKey("daysOff"))
        {
            Add(errors, "daysOff", [$"Lists {year.DaysOff.Count} days off; the Labour Code gives at least {StatutoryHolidayDays} holiday days a year."]);
        }

        var both = year.DaysOff.Select(day => day.Date).Intersect(year.MakeUpWorkingDays.Select(day => day.Date)).ToList();
        if (both.Count > 0)
        {
            Add(errors, "makeUpWorkingDays", [$"{string.Join(", ", both.Select(day => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))} cannot be both a day off and a working day."]);
        }

        return errors;
    }

    private static List<string> DayProblems(CalendarYear year, IReadOnlyList<CalendarDay> days, string kind, Func<DateOnly, string?> rule)
    {
        var problems = new List<string>();
        foreach (var day in days)
        {
            if (day.Date.Year != year.Year)
            {
                problems.Add($"{day.Date:yyyy-MM-dd} is not in {year.Year}.");
            }
            else if (string.IsNullOrWhiteSpace(day.Reason))
            {
                problems.Add($"The {kind} {day.Date:yyyy-MM-dd} needs a reason (e.g. Tết Nguyên đán).");
            }
            else if (rule(day.Date) is { } problem)
            {
                problems.Add(problem);
            }
        }

        problems.AddRange(days.GroupBy(day => day.Date).Where(group => group.Count() > 1).Select(group => $"{group.Key:yyyy-MM-dd} is listed twice."));
        return problems;
    }

    private static void Add(Dictionary<string, string[]> errors, string field, List<string> problems)
    {
        if (problems.Count > 0)
        {
            errors[field] = [.. errors.GetValueOrDefault(field) ?? [], .. problems];
        }
    }
}
