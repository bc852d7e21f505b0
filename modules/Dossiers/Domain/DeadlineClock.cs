namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>How often a running dossier's grain looks at its deadline, and how early it counts as near due.</summary>
internal sealed record DeadlineClock(TimeSpan CheckEvery, TimeSpan NearDueWithin)
{
    public const string ReminderName = "deadline";

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
}
