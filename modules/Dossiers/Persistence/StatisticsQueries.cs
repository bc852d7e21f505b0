using HanoiEgov.BuildingBlocks;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>
/// What the statistics count of the dossiers received in a period: on the competent side, received (to resolve),
/// received online, processed, processed on time, hours from receipt to processed (summed), and open dossiers already
/// past their due time; on the reception side, those received here for another agency (<see cref="ForOthers"/>) and
/// those received elsewhere for this one (<see cref="TransferredIn"/>, part of <see cref="Received"/>).
/// </summary>
internal sealed record Tally(long Received, long Online, long Processed, long OnTime, double ProcessingHours, long OpenLate, long ForOthers = 0, long TransferredIn = 0)
{
    public static readonly Tally Zero = new(0, 0, 0, 0, 0, 0);

    /// <summary>Received at this agency's counter or page: its own dossiers and those for others, each dossier once.</summary>
    public long ReceivedHere => Received - TransferredIn + ForOthers;

    /// <summary>Late: processed after the due time (or with an extended one), and open past it as of asking.</summary>
    public long Late => Processed - OnTime + OpenLate;

    public double OnlineShare => Received == 0 ? 0 : Math.Round((double)Online / Received, 4);

    /// <summary>Mean elapsed hours from receipt to processed (status 9), over the processed dossiers; null when none was.</summary>
    public double? AverageProcessingHours => Processed == 0 ? null : Math.Round(ProcessingHours / Processed, 2);

    /// <summary>On time among the dossiers decided either way (processed, or open past due); null when none is.</summary>
    public double? OnTimeRate => OnTime + Late == 0 ? null : Math.Round((double)OnTime / (OnTime + Late), 4);

    public static Tally operator +(Tally a, Tally b) =>
        new(a.Received + b.Received, a.Online + b.Online, a.Processed + b.Processed, a.OnTime + b.OnTime, a.ProcessingHours + b.ProcessingHours, a.OpenLate + b.OpenLate,
            a.ForOthers + b.ForOthers, a.TransferredIn + b.TransferredIn);
}

/// <summary>
/// What the statistics count of the interlinked wholes (hồ sơ liên thông) of one commune and group received in a
/// period: each whole once, whatever its parts; <see cref="InProgress"/> open (<see cref="Overdue"/> of them past the
/// whole's due time), completed on time or late against the whole's due time, or <see cref="Closed"/> without a result
/// (its commune part refused, withdrawn or stopped).
/// </summary>
internal sealed record InterlinkedTally(long Received, long InProgress, long Overdue, long CompletedOnTime, long CompletedLate, long Closed)
{
    public static readonly InterlinkedTally Zero = new(0, 0, 0, 0, 0, 0);

    /// <summary>Completed on time among those completed; null when none is.</summary>
    public double? OnTimeRate => CompletedOnTime + CompletedLate == 0 ? null : Math.Round((double)CompletedOnTime / (CompletedOnTime + CompletedLate), 4);

    public static InterlinkedTally operator +(InterlinkedTally a, InterlinkedTally b) =>
        new(a.Received + b.Received, a.InProgress + b.InProgress, a.Overdue + b.Overdue, a.CompletedOnTime + b.CompletedOnTime, a.CompletedLate + b.CompletedLate,
            a.Closed + b.Closed);
}

/// <summary>How a period's tallies are grouped: per agency, or per week or month of receipt and procedure.</summary>
internal enum TallyGrouping
{
    Agency,
    WeekAndProcedure,
    MonthAndProcedure,
}

/// <summary>One group's tally: its agency, or its period's first day and procedure.</summary>
internal sealed record GroupTally(string? Agency, DateOnly? PeriodStart, string? ProcedureCode, Tally Tally);

/// <summary>
/// The statistics, summed from the rollups per day of receipt (agency, or agency and procedure; migrations 0010, 0017)
/// kept in each dossier's transaction, so a period costs its days, not its dossiers; the open dossiers past their due
/// time are counted live, from the partial index of open dossiers by receipt.
/// </summary>
internal sealed class StatisticsQueries(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>Open and not processed, as the partial index of open dossiers by receipt (0010, 0017) states it, so that the plan may use it.</summary>
    private static readonly string OpenUnprocessed = $"processed_at IS NULL AND status NOT IN {StatusSql.ClosedUnprocessed}";

    /// <summary>The rollup's sums per group, and the group's open dossiers past due counted live.</summary>
    private static string Tallies(string table, string keys, string dayKeys, string receiptKeys, string filters) =>
        $"""
        WITH days AS (
            SELECT {dayKeys}, sum(received) AS received, sum(online) AS online, sum(processed) AS processed,
                   sum(processed_on_time) AS on_time, sum(processing_hours) AS hours
            FROM dossiers.{table}
            WHERE day >= @from_day AND day < @to_day{filters}
            GROUP BY {keys}),
        overdue AS (
            SELECT {receiptKeys}, count(*) AS open_late
            FROM dossiers.dossiers
            WHERE {OpenUnprocessed} AND due_at < @now AND received_at >= @from AND received_at < @to{filters}
            GROUP BY {keys})
        SELECT {keys}, days.received::bigint, days.online::bigint, days.processed::bigint, days.on_time::bigint, days.hours,
               COALESCE(overdue.open_late, 0)::bigint
        FROM days LEFT JOIN overdue USING ({keys})
        WHERE days.received > 0
        ORDER BY {keys}
        """;

    /// <summary>
    /// Dossiers received in the period at one agency for another, per receiving and competent agency (and period and
    /// procedure when grouped so), from the index of transferred dossiers (0032).
    /// </summary>
    private static string Transfers(string periodKey) =>
        $"""
        SELECT receiving_agency, agency, {periodKey}, procedure_code, count(*)
        FROM dossiers.dossiers
        WHERE receiving_agency <> agency AND received_at >= @from AND received_at < @to
              AND (@agency::text IS NULL OR receiving_agency = @agency OR agency = @agency)
              AND (@procedure::text IS NULL OR procedure_code = @procedure)
        GROUP BY 1, 2, 3, 4
        """;

    /// <summary>
    /// The interlinked wholes received in the period, per receiving commune and group, from the process manager's read
    /// model (0040): completed when its last event is the completion, whose time is set against the whole's due time.
    /// </summary>
    private static readonly string Interlinked =
        $"""
        SELECT i.agency, i.group_code, count(*),
               count(*) FILTER (WHERE done.at IS NULL AND i.status NOT IN {StatusSql.ClosedUnprocessed}),
               count(*) FILTER (WHERE done.at IS NULL AND i.status NOT IN {StatusSql.ClosedUnprocessed} AND i.due_at < @now),
               count(*) FILTER (WHERE done.at <= i.due_at),
               count(*) FILTER (WHERE done.at > i.due_at),
               count(*) FILTER (WHERE done.at IS NULL AND i.status IN {StatusSql.ClosedUnprocessed})
        FROM dossiers.interlinked i
        LEFT JOIN LATERAL (
            SELECT last.recorded_at AS at
            FROM (SELECT e.recorded_at, e.data FROM dossiers.interlinked_events e WHERE e.parent_id = i.id ORDER BY e.version DESC LIMIT 1) last
            WHERE last.data::jsonb ->> 'kind' = 'completed') done ON true
        WHERE i.received_at >= @from AND i.received_at < @to AND (@agency::text IS NULL OR i.agency = @agency)
        GROUP BY 1, 2
        ORDER BY 1, 2
        """;

    /// <summary>The interlinked wholes received in [from, to) of one commune (or all when null), per commune and group that received any.</summary>
    public async Task<List<(string Agency, string GroupCode, InterlinkedTally Tally)>> InterlinkedAsync(
        string? agency, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Interlinked);
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.Parameters.AddWithValue("now", clock.GetUtcNow().ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter<string?>("agency", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = agency });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, string, InterlinkedTally)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), new InterlinkedTally(
                reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7))));
        }

        return rows;
    }

    /// <summary>
    /// Per agency, over dossiers received in [from, to) (starts of days in Vietnam): as the competent agency, received,
    /// processed on time and late, online share, mean processing hours; as the receiving one, what it received, its own
    /// and for others. An agency that only received for others is listed too.
    /// </summary>
    public async Task<List<AgencyStatistics>> StatisticsAsync(string? agency, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        [.. (await TallyAsync(TallyGrouping.Agency, agency, null, from, to, cancellationToken)).Select(group => new AgencyStatistics(
            group.Agency!, group.Tally.Received, group.Tally.OnTime, group.Tally.Late, group.Tally.OnlineShare, group.Tally.AverageProcessingHours,
            group.Tally.ReceivedHere, group.Tally.ForOthers, group.Tally.TransferredIn))];

    /// <summary>
    /// The tallies of dossiers received in [from, to), of one agency (or all when null) and one procedure (or all when
    /// null), in <paramref name="grouping"/>'s groups that received any, on either side, ordered by their keys. Per
    /// agency, a dossier received at A for B is in A's <see cref="Tally.ForOthers"/> and B's <see cref="Tally.Received"/>
    /// and <see cref="Tally.TransferredIn"/>; per period of one agency the same, of that agency's side; per period of the
    /// city, in both counts of the one group, so that the city's <see cref="Tally.ReceivedHere"/> is its received.
    /// </summary>
    public async Task<List<GroupTally>> TallyAsync(
        TallyGrouping grouping, string? agency, string? procedure, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // The rollup per agency and day serves per-agency totals of every procedure; anything by procedure reads the finer one.
        var table = grouping == TallyGrouping.Agency && procedure is null ? "daily_statistics" : "daily_procedure_statistics";
        var (keys, dayKeys, receiptKeys) = grouping switch
        {
            TallyGrouping.Agency => ("agency", "agency", "agency"),
            _ => ("period, procedure_code",
                "date_trunc(@unit, day::timestamp)::date AS period, procedure_code",
                "date_trunc(@unit, dossiers.receipt_day(received_at)::timestamp)::date AS period, procedure_code"),
        };
        var filters = (agency is null ? "" : " AND agency = @agency") + (procedure is null ? "" : " AND procedure_code = @procedure");
        await using var command = dataSource.CreateCommand(Tallies(table, keys, dayKeys, receiptKeys, filters));
        command.Parameters.AddWithValue("from_day", VietnamTime.DayOf(from));
        command.Parameters.AddWithValue("to_day", VietnamTime.DayOf(to));
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.Parameters.AddWithValue("now", clock.GetUtcNow().ToUniversalTime());
        if (grouping != TallyGrouping.Agency)
        {
            command.Parameters.AddWithValue("unit", grouping == TallyGrouping.WeekAndProcedure ? "week" : "month");
        }

        if (agency is not null)
        {
            command.Parameters.AddWithValue("agency", agency);
        }

        if (procedure is not null)
        {
            command.Parameters.AddWithValue("procedure", procedure);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var groups = new List<GroupTally>();
        var first = grouping == TallyGrouping.Agency ? 1 : 2;
        while (await reader.ReadAsync(cancellationToken))
        {
            var tally = new Tally(
                reader.GetInt64(first), reader.GetInt64(first + 1), reader.GetInt64(first + 2), reader.GetInt64(first + 3), reader.GetDouble(first + 4), reader.GetInt64(first + 5));
            groups.Add(grouping == TallyGrouping.Agency
                ? new GroupTally(reader.GetString(0), null, null, tally)
                : new GroupTally(null, reader.GetFieldValue<DateOnly>(0), reader.GetString(1), tally));
        }

        await using var transfers = dataSource.CreateCommand(Transfers(grouping == TallyGrouping.Agency ? "NULL::date" : "date_trunc(@unit, dossiers.receipt_day(received_at)::timestamp)::date"));
        transfers.Parameters.AddWithValue("from", from.ToUniversalTime());
        transfers.Parameters.AddWithValue("to", to.ToUniversalTime());
        transfers.Parameters.Add(new NpgsqlParameter<string?>("agency", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = agency });
        transfers.Parameters.Add(new NpgsqlParameter<string?>("procedure", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = procedure });
        if (grouping != TallyGrouping.Agency)
        {
            transfers.Parameters.AddWithValue("unit", grouping == TallyGrouping.WeekAndProcedure ? "week" : "month");
        }

        var reception = new Dictionary<(string?, DateOnly?, string?), Tally>();
        void Add((string?, DateOnly?, string?) key, long forOthers, long transferredIn) =>
            reception[key] = reception.GetValueOrDefault(key, Tally.Zero) + (Tally.Zero with { ForOthers = forOthers, TransferredIn = transferredIn });
        await using (var transferred = await transfers.ExecuteReaderAsync(cancellationToken))
        {
            while (await transferred.ReadAsync(cancellationToken))
            {
                var (receiving, competent, count) = (transferred.GetString(0), transferred.GetString(1), transferred.GetInt64(4));
                if (grouping == TallyGrouping.Agency)
                {
                    if (agency is null || receiving == agency)
                    {
                        Add((receiving, null, null), count, 0);
                    }

                    if (agency is null || competent == agency)
                    {
                        Add((competent, null, null), 0, count);
                    }
                }
                else
                {
                    Add((null, transferred.GetFieldValue<DateOnly>(2), transferred.GetString(3)), agency is null || receiving == agency ? count : 0, agency is null || competent == agency ? count : 0);
                }
            }
        }

        var merged = groups.Select(group =>
        {
            var key = (group.Agency, group.PeriodStart, group.ProcedureCode);
            var extra = reception.Remove(key, out var found) ? found : Tally.Zero;
            return group with { Tally = group.Tally + extra };
        }).Concat(reception.Select(entry => new GroupTally(entry.Key.Item1, entry.Key.Item2, entry.Key.Item3, entry.Value)));
        return grouping == TallyGrouping.Agency
            ? [.. merged.OrderBy(group => group.Agency, StringComparer.Ordinal)]
            : [.. merged.OrderBy(group => group.PeriodStart).ThenBy(group => group.ProcedureCode, StringComparer.Ordinal)];
    }
}
