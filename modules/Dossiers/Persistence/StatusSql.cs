using HanoiEgov.Modules.Dossiers.Domain;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>
/// The sets of statuses the statements filter on, each defined by the rules of <see cref="DossierStateMachine"/> and
/// rendered once as a SQL list (ascending codes), so that a change of rule changes the SQL. The partial indexes of
/// open dossiers (migrations 0010, 0014 to 0016) hold <c>status NOT IN</c> <see cref="Final"/> as it renders today; a
/// new rule needs a migration that rebuilds them, or the planner stops using them.
/// </summary>
internal static class StatusSql
{
    /// <summary>Refused, withdrawn, stopped or returned: nothing more happens. Every other dossier is open.</summary>
    public static readonly string Final = InList(DossierStateMachine.IsFinal);

    /// <summary>The dossiers whose deadline may still be missed: the clock runs, or a request has paused it.</summary>
    public static readonly string DeadlinePending = InList(IsDeadlinePending);

    /// <summary>Closed before it was processed: refused, withdrawn or stopped; its last event gives the reason.</summary>
    public static readonly string ClosedUnprocessed = InList(IsClosedUnprocessed);

    public static bool IsDeadlinePending(DossierStatus status) =>
        DossierStateMachine.ClockRuns(status) || DossierStateMachine.PausesTheClock(status);

    public static bool IsClosedUnprocessed(DossierStatus status) =>
        DossierStateMachine.IsFinal(status) && status != DossierStatus.ResultReturned;

    /// <summary>The codes of the statuses in <paramref name="set"/> as a SQL list, e.g. <c>(3, 7, 8, 10)</c>.</summary>
    public static string InList(Func<DossierStatus, bool> set) => $"({string.Join(", ", Codes(set))})";

    /// <summary>The national codes of the statuses in <paramref name="set"/>, ascending.</summary>
    public static int[] Codes(Func<DossierStatus, bool> set) => [.. Enum.GetValues<DossierStatus>().Where(set).Select(status => (int)status).Order()];
}
