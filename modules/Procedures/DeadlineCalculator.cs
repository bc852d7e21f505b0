namespace HanoiEgov.Modules.Procedures;

/// <summary>
/// When a dossier is due, counted in working days on the calendar. A same-day procedure received on a working
/// day before its cut-off is due at closing time that day, otherwise at closing time of the next working day. An
/// N-day procedure is due at closing time of the Nth working day after the day of receipt; one received on a
/// rest day or after its cut-off (closing time unless the procedure sets one) counts as received on the next working day. While a supplement or a payment is
/// awaited the clock stops: the working days left are carried over to the day processing resumes.
/// </summary>
public sealed class DeadlineCalculator(WorkingCalendar calendar)
{
    public DateTimeOffset DueAt(ProcessingTime processing, DateTimeOffset receivedAt)
    {
        var day = LocalDay(receivedAt);
        var time = TimeOnly.FromDateTime(receivedAt.ToOffset(calendar.Offset).DateTime);

        if (processing.SameDay)
        {
            var cutOff = processing.CutOff ?? calendar.Closes;
            var dueDay = calendar.IsWorkingDay(day) && time < cutOff ? day : calendar.NextWorkingDay(day);
            return calendar.At(dueDay, calendar.Closes);
        }

        var workingDays = processing.WorkingDays ?? throw new ArgumentException("A procedure takes the same day or a number of working days.", nameof(processing));
        return calendar.At(calendar.AddWorkingDays(ReceiptDay(day, time, processing.CutOff), workingDays), calendar.Closes);
    }

    /// <summary>The new due time of a dossier whose clock stopped at <paramref name="pausedAt"/> and restarts at <paramref name="resumedAt"/>.</summary>
    public DateTimeOffset Resume(DateTimeOffset dueAt, DateTimeOffset pausedAt, DateTimeOffset resumedAt)
    {
        var left = calendar.WorkingDaysBetween(LocalDay(pausedAt), LocalDay(dueAt));
        var resumed = resumedAt.ToOffset(calendar.Offset);
        var restart = ReceiptDay(LocalDay(resumedAt), TimeOnly.FromDateTime(resumed.DateTime));
        return calendar.At(calendar.AddWorkingDays(restart, left), calendar.Closes);
    }

    private DateOnly LocalDay(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(calendar.Offset).DateTime);

    private DateOnly ReceiptDay(DateOnly day, TimeOnly time, TimeOnly? cutOff = null) =>
        calendar.IsWorkingDay(day) && time < (cutOff ?? calendar.Closes) ? day : calendar.NextWorkingDay(day);
}
