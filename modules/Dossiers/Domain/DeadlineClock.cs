namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>How often the deadline watch looks for dossiers owed a deadline event, and how early a dossier counts as near due.</summary>
internal sealed record DeadlineClock(TimeSpan CheckEvery, TimeSpan NearDueWithin)
{
    public const string ReminderName = "deadline-watch";

    public static readonly DeadlineClock Default = new(TimeSpan.FromHours(1), TimeSpan.FromDays(1));

    public static readonly Actor Actor = new("system", "deadline-clock", null);

    /// <summary>The deadline event a dossier is owed now, if any; each is recorded once per deadline.</summary>
    public DossierAction? Due(DossierSnapshot dossier, DateTimeOffset now) => dossier switch
    {
        _ when !DossierStateMachine.ClockRuns(dossier.Status) => null,
        { OverdueMarked: false } when now >= dossier.DueAt => DossierAction.MarkOverdue,
        { NearDueMarked: false, OverdueMarked: false } when now >= dossier.DueAt - NearDueWithin => DossierAction.MarkNearDue,
        _ => null,
    };

    /// <summary>
    /// When the dossier is next owed a look (its near-due time, then its due time); null while its clock does not run
    /// or once overdue is recorded. Stored with the dossier, where the deadline watch finds it.
    /// </summary>
    public DateTimeOffset? NextCheck(DossierStatus status, DateTimeOffset dueAt, bool nearDueMarked, bool overdueMarked) =>
        !DossierStateMachine.ClockRuns(status) || overdueMarked ? null
        : nearDueMarked ? dueAt
        : dueAt - NearDueWithin;

    public DateTimeOffset? NextCheck(DossierSnapshot dossier) => NextCheck(dossier.Status, dossier.DueAt, dossier.NearDueMarked, dossier.OverdueMarked);
}
