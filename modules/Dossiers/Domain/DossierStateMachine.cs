namespace HanoiEgov.Modules.Dossiers.Domain;

/// <summary>
/// The transitions the one-stop rules allow between national status codes, and nothing else. A supplement or a
/// payment request pauses the dossier; providing it returns the dossier to the status it paused from.
/// </summary>
internal static class DossierStateMachine
{
    private static readonly Dictionary<(DossierStatus? From, DossierAction Action), DossierStatus> Transitions = new()
    {
        [(null, DossierAction.SubmitOnline)] = DossierStatus.NewlyRegistered,
        [(null, DossierAction.RegisterAtCounter)] = DossierStatus.Received,
        [(DossierStatus.NewlyRegistered, DossierAction.Accept)] = DossierStatus.Received,
        [(DossierStatus.NewlyRegistered, DossierAction.Refuse)] = DossierStatus.Refused,
        [(DossierStatus.NewlyRegistered, DossierAction.RequestSupplement)] = DossierStatus.SupplementRequested,
        [(DossierStatus.NewlyRegistered, DossierAction.Withdraw)] = DossierStatus.Withdrawn,
        [(DossierStatus.Received, DossierAction.StartProcessing)] = DossierStatus.Processing,
        [(DossierStatus.Received, DossierAction.RequestPayment)] = DossierStatus.PaymentRequested,
        [(DossierStatus.Received, DossierAction.Withdraw)] = DossierStatus.Withdrawn,
        [(DossierStatus.Processing, DossierAction.RequestSupplement)] = DossierStatus.SupplementRequested,
        [(DossierStatus.Processing, DossierAction.RequestPayment)] = DossierStatus.PaymentRequested,
        [(DossierStatus.Processing, DossierAction.StopProcessing)] = DossierStatus.ProcessingStopped,
        [(DossierStatus.Processing, DossierAction.Approve)] = DossierStatus.Processed,
        [(DossierStatus.Processing, DossierAction.Withdraw)] = DossierStatus.Withdrawn,
        [(DossierStatus.SupplementRequested, DossierAction.Withdraw)] = DossierStatus.Withdrawn,
        [(DossierStatus.PaymentRequested, DossierAction.Withdraw)] = DossierStatus.Withdrawn,
        [(DossierStatus.Processed, DossierAction.ReturnResult)] = DossierStatus.ResultReturned,

        // The deadline clock records near-due and overdue on a running dossier without changing its status.
        [(DossierStatus.NewlyRegistered, DossierAction.MarkNearDue)] = DossierStatus.NewlyRegistered,
        [(DossierStatus.Received, DossierAction.MarkNearDue)] = DossierStatus.Received,
        [(DossierStatus.Processing, DossierAction.MarkNearDue)] = DossierStatus.Processing,
        [(DossierStatus.NewlyRegistered, DossierAction.MarkOverdue)] = DossierStatus.NewlyRegistered,
        [(DossierStatus.Received, DossierAction.MarkOverdue)] = DossierStatus.Received,
        [(DossierStatus.Processing, DossierAction.MarkOverdue)] = DossierStatus.Processing,

        // A head moves the due date of a running dossier, with the apology of form 04.
        [(DossierStatus.NewlyRegistered, DossierAction.ExtendDeadline)] = DossierStatus.NewlyRegistered,
        [(DossierStatus.Received, DossierAction.ExtendDeadline)] = DossierStatus.Received,
        [(DossierStatus.Processing, DossierAction.ExtendDeadline)] = DossierStatus.Processing,

        // A head signs a result document of a dossier being processed or processed, without changing its status.
        [(DossierStatus.Processing, DossierAction.SignResult)] = DossierStatus.Processing,
        [(DossierStatus.Processed, DossierAction.SignResult)] = DossierStatus.Processed,

        // A head assigns (or reassigns) an open dossier to an official of the agency, without changing its status.
        [(DossierStatus.NewlyRegistered, DossierAction.Assign)] = DossierStatus.NewlyRegistered,
        [(DossierStatus.Received, DossierAction.Assign)] = DossierStatus.Received,
        [(DossierStatus.Processing, DossierAction.Assign)] = DossierStatus.Processing,
        [(DossierStatus.SupplementRequested, DossierAction.Assign)] = DossierStatus.SupplementRequested,
        [(DossierStatus.PaymentRequested, DossierAction.Assign)] = DossierStatus.PaymentRequested,
        [(DossierStatus.Processed, DossierAction.Assign)] = DossierStatus.Processed,

        // The receiving agency hands a dossier it received for another over to it, before anyone starts on it.
        [(DossierStatus.Received, DossierAction.HandOver)] = DossierStatus.Received,
    };

    /// <summary>The competent agency's first steps on a dossier: on one received elsewhere, only once it was handed over.</summary>
    public static bool NeedsHandover(DossierAction action) => action is DossierAction.StartProcessing or DossierAction.RequestPayment;

    public static IEnumerable<(DossierStatus? From, DossierAction Action, DossierStatus To)> Allowed =>
        Transitions.Select(transition => (transition.Key.From, transition.Key.Action, transition.Value))
            .Concat(
            [
                (DossierStatus.SupplementRequested, DossierAction.ProvideSupplement, DossierStatus.NewlyRegistered),
                (DossierStatus.SupplementRequested, DossierAction.ProvideSupplement, DossierStatus.Processing),
                (DossierStatus.PaymentRequested, DossierAction.ConfirmPayment, DossierStatus.Received),
                (DossierStatus.PaymentRequested, DossierAction.ConfirmPayment, DossierStatus.Processing),
            ]);

    /// <summary>The status after <paramref name="action"/>, or null when the rules do not allow it.</summary>
    /// <param name="pausedFrom">The status a supplement or payment request paused the dossier in.</param>
    public static DossierStatus? Next(DossierStatus? current, DossierAction action, DossierStatus? pausedFrom) =>
        (current, action) switch
        {
            (DossierStatus.SupplementRequested, DossierAction.ProvideSupplement) => pausedFrom,
            (DossierStatus.PaymentRequested, DossierAction.ConfirmPayment) => pausedFrom,
            _ => Transitions.TryGetValue((current, action), out var next) ? next : null,
        };

    /// <summary>
    /// The status a dossier paused from after a step from <paramref name="before"/> to <paramref name="after"/>: the
    /// status before the pause began, kept while it lasts, none once the dossier runs again.
    /// </summary>
    public static DossierStatus? PausedFrom(DossierStatus? pausedFrom, DossierStatus before, DossierStatus after) =>
        PausesTheClock(after) ? pausedFrom ?? before : null;

    /// <summary>The status the dossier whose history this is paused from, as its grain folds it; null while it is not paused.</summary>
    public static DossierStatus? PausedFrom(IEnumerable<DossierEvent> history)
    {
        DossierStatus? pausedFrom = null;
        DossierStatus? status = null;
        foreach (var entry in history)
        {
            pausedFrom = status is { } before ? PausedFrom(pausedFrom, before, entry.Status) : null;
            status = entry.Status;
        }

        return pausedFrom;
    }

    public static bool IsFinal(DossierStatus status) =>
        status is DossierStatus.Refused or DossierStatus.Withdrawn or DossierStatus.ProcessingStopped or DossierStatus.ResultReturned;

    /// <summary>Every status but the final ones: something may still happen to the dossier.</summary>
    public static bool IsOpen(DossierStatus status) => !IsFinal(status);

    /// <summary>Statuses in which the deadline clock runs.</summary>
    public static bool ClockRuns(DossierStatus status) =>
        status is DossierStatus.NewlyRegistered or DossierStatus.Received or DossierStatus.Processing;

    public static bool PausesTheClock(DossierStatus status) =>
        status is DossierStatus.SupplementRequested or DossierStatus.PaymentRequested;
}
