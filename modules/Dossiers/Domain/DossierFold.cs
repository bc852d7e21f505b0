namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>
/// A dossier as its events leave it: every event moves the status and version (and the pause they start or end),
/// then one <c>Apply</c> per event type adds what that kind records.
/// </summary>
internal static class DossierFold
{
    public static DossierSnapshot Apply(DossierSnapshot? dossier, DossierEvent entry) => (dossier, entry.Payload) switch
    {
        (null, DossierSubmitted submitted) => Started(entry, submitted.Code, submitted.ProcedureCode, submitted.ProcedureVersion, submitted.Agency,
            submitted.Agency, submitted.ApplicantId, submitted.ApplicantName, submitted.DueAt),
        (null, DossierRegisteredAtCounter registered) => Started(entry, registered.Code, registered.ProcedureCode, registered.ProcedureVersion,
            registered.Agency, registered.ReceivingAgency ?? registered.Agency, registered.ApplicantId, registered.ApplicantName, registered.DueAt),
        (null, _) => throw new InvalidOperationException($"Dossier {entry.DossierId} starts with '{entry.Action}', not with a submission."),
        ({ } running, DeadlineExtended extended) => Apply(Stepped(running, entry), extended),
        ({ } running, SupplementProvided provided) => WithNewDueAt(Stepped(running, entry), provided.DueAt),
        ({ } running, PaymentConfirmed confirmed) => WithNewDueAt(Stepped(running, entry), confirmed.DueAt),
        ({ } running, DossierWithdrawn withdrawn) => Apply(Stepped(running, entry), withdrawn),
        ({ } running, MarkedNearDue nearDue) => Apply(Stepped(running, entry), nearDue),
        ({ } running, MarkedOverdue overdue) => Apply(Stepped(running, entry), overdue),
        ({ } running, DossierAssigned assigned) => Apply(Stepped(running, entry), assigned),
        ({ } running, DossierHandedOver _) => Stepped(running, entry) with { HandedOverAt = entry.RecordedAt },
        ({ } running, _) => Stepped(running, entry),
    };

    private static DossierSnapshot Apply(DossierSnapshot dossier, DeadlineExtended extended) => WithNewDueAt(dossier, extended.DueAt);

    private static DossierSnapshot Apply(DossierSnapshot dossier, DossierWithdrawn withdrawn) =>
        withdrawn.DueAt is { } due ? WithNewDueAt(dossier, due) : dossier;

    private static DossierSnapshot Apply(DossierSnapshot dossier, MarkedNearDue _) => dossier with { NearDueMarked = true };

    private static DossierSnapshot Apply(DossierSnapshot dossier, MarkedOverdue _) => dossier with { OverdueMarked = true };

    private static DossierSnapshot Apply(DossierSnapshot dossier, DossierAssigned assigned) =>
        dossier with { AssigneeId = assigned.AssigneeId, AssigneeName = assigned.AssigneeName };

    private static DossierSnapshot Started(
        DossierEvent entry, string code, string procedureCode, int procedureVersion, string agency, string receivingAgency, string applicantId, string applicantName,
        DateTimeOffset dueAt) =>
        new(entry.DossierId, code, procedureCode, procedureVersion, agency, applicantId, applicantName, entry.Channel, entry.Status, entry.Version,
            entry.RecordedAt, dueAt, null, null, ReceivingAgency: receivingAgency);

    /// <summary>What every event does: the status and version it records, and the pause it starts, keeps or ends.</summary>
    private static DossierSnapshot Stepped(DossierSnapshot dossier, DossierEvent entry) => dossier with
    {
        Status = entry.Status,
        Version = entry.Version,
        PausedFrom = DossierStateMachine.PausedFrom(dossier.PausedFrom, dossier.Status, entry.Status),
        PausedAt = DossierStateMachine.PausesTheClock(entry.Status) ? dossier.PausedAt ?? entry.RecordedAt : null,
    };

    /// <summary>A new due time: near-due and overdue are owed again against it.</summary>
    private static DossierSnapshot WithNewDueAt(DossierSnapshot dossier, DateTimeOffset dueAt) =>
        dossier with { DueAt = dueAt, NearDueMarked = false, OverdueMarked = false };
}
