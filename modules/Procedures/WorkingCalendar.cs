using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HanoiEgov.Modules.Procedures;

/// <summary>One year of the calendar: days off beyond the weekly rest, and make-up working days on rest days.</summary>
public sealed record CalendarYear(int Year, string Status, IReadOnlyList<CalendarDay> DaysOff, IReadOnlyList<CalendarDay> MakeUpWorkingDays);

public sealed record CalendarDay(DateOnly Date, string Reason);

/// <summary>A year outside the range the calendar can derive (2000–2100): deadlines in it cannot be computed, so nothing guesses.</summary>
public sealed class CalendarYearMissingException(int year)
    : Exception($"The working-day calendar has no data for {year}, and {year} is outside {WorkingCalendar.FirstDerivableYear}–{WorkingCalendar.LastDerivableYear}, the years it derives from the Labour Code.")
{
    public int Year => year;
}

/// <summary>
/// State agencies' working days as data: the weekly rest days, each year's statutory holidays with the announced
/// swaps, and make-up working days. Deadlines are counted on it in Vietnam's time (UTC+7). A year it does not hold is
/// derived from the Labour Code the first time a deadline reaches it (<see cref="LabourCodeHolidays"/>, marked
/// <c>derived</c>) until an administrator puts the announced one.
/// </summary>
public sealed class WorkingCalendar
{
    public const int FirstDerivableYear = 2000;
    public const int LastDerivableYear = 2100;

    private readonly HashSet<DayOfWeek> weeklyRest;
    private readonly Lock changing = new();
    private volatile Days days;

    public WorkingCalendar(TimeSpan offset, TimeOnly opens, TimeOnly closes, IEnumerable<DayOfWeek> weeklyRestDays, IEnumerable<CalendarYear> calendarYears)
    {
        Offset = offset;
        Opens = opens;
        Closes = closes;
        weeklyRest = [.. weeklyRestDays];
        days = Days.Of(calendarYears.ToDictionary(year => year.Year));
    }

    public TimeSpan Offset { get; }

    public TimeOnly Opens { get; }

    public TimeOnly Closes { get; }

    public IReadOnlyCollection<CalendarYear> Years => [.. days.Years.Values];

    /// <summary>The year as put, or derived from the Labour Code; null outside the years it can derive.</summary>
    public CalendarYear? Year(int year) => Holding(year)?.Years[year];

    public bool IsRestDayOfTheWeek(DayOfWeek day) => weeklyRest.Contains(day);

    public bool IsWorkingDay(DateOnly day)
    {
        var current = Holding(day.Year) ?? throw new CalendarYearMissingException(day.Year);
        return current.MakeUpDays.Contains(day) || (!weeklyRest.Contains(day.DayOfWeek) && !current.DaysOff.Contains(day));
    }

    /// <summary>The days, holding <paramref name="year"/> (derived and kept if it was missing); null if it cannot be derived.</summary>
    private Days? Holding(int year)
    {
        var current = days;
        if (current.Years.ContainsKey(year))
        {
            return current;
        }

        if (year is < FirstDerivableYear or > LastDerivableYear)
        {
            return null;
        }

        var derived = LabourCodeHolidays.Derive(year, weeklyRest);
        lock (changing)
        {
            // Another caller may have put the announced year meanwhile: it wins over a derivation.
            if (!days.Years.ContainsKey(year))
            {
                days = Days.Of(new Dictionary<int, CalendarYear>(days.Years) { [year] = derived });
            }

            return days;
        }
    }

    /// <summary>Adds or replaces one year; deadlines counted from now on use it, those already given stay as they were.</summary>
    public void Put(CalendarYear year)
    {
        lock (changing)
        {
            var years = new Dictionary<int, CalendarYear>(days.Years) { [year.Year] = year };
            days = Days.Of(years);
        }
    }

    public DateOnly NextWorkingDay(DateOnly day)
    {
        do
        {
            day = day.AddDays(1);
        }
        while (!IsWorkingDay(day));
        return day;
    }

    /// <summary>The <paramref name="count"/>th working day after <paramref name="day"/> (the day itself not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly day, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var counted = 0; counted < count; counted++)
        {
            day = NextWorkingDay(day);
        }

        return day;
    }

    /// <summary>Working days after <paramref name="after"/> up to and including <paramref name="until"/>.</summary>
    public int WorkingDaysBetween(DateOnly after, DateOnly until)
    {
        var count = 0;
        for (var day = after.AddDays(1); day <= until; day = day.AddDays(1))
        {
            count += IsWorkingDay(day) ? 1 : 0;
        }

        return count;
    }

    public DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), Offset);

    public static WorkingCalendar LoadEmbedded()
    {
        using var stream = typeof(WorkingCalendar).Assembly.GetManifestResourceStream("HanoiEgov.Modules.Procedures.Data.working-calendar.json")
            ?? throw new InvalidOperationException("The embedded working calendar is missing.");
        var file = JsonSerializer.Deserialize<CalendarFile>(stream, CatalogueJson.Options)
            ?? throw new InvalidDataException("The working calendar is empty.");
        return new WorkingCalendar(
            TimeSpan.Parse(file.TimeZoneOffset.TrimStart('+'), CultureInfo.InvariantCulture),
            file.OfficeHours.Opens,
            file.OfficeHours.Closes,
            file.WeeklyRestDays,
            file.Years);
    }

    private sealed record Days(IReadOnlyDictionary<int, CalendarYear> Years, HashSet<DateOnly> DaysOff, HashSet<DateOnly> MakeUpDays)
    {
        public static Days Of(Dictionary<int, CalendarYear> years) => new(
            years,
            [.. years.Values.SelectMany(year => year.DaysOff).Select(day => day.Date)],
            [.. years.Values.SelectMany(year => year.MakeUpWorkingDays).Select(day => day.Date)]);
    }

    private sealed record CalendarFile(string TimeZoneOffset, OfficeHours OfficeHours, List<DayOfWeek> WeeklyRestDays, List<CalendarYear> Years);

    private sealed record OfficeHours(TimeOnly Opens, TimeOnly Closes);
}

internal static class CatalogueJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
