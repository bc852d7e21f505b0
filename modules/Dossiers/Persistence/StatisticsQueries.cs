using HanoiEgov.BuildingBlocks;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>
/// What the statistics count of the dossiers received in a period: received, received online, processed, processed on
/// time, hours from receipt to processed (summed), and open dossiers already past their due time.
/// </summary>
internal sealed record Tally(long Received, long Online, long Processed, long OnTime, double ProcessingHours, long OpenLate)
{
    public static readonly Tally Zero = new(0, 0, 0, 0, 0, 0);

    /// <summary>Late: processed after the due time (or with an extended one), and open past it as of asking.</summary>
    public long Late => Processed - OnTime + OpenLate;

    public double OnlineShare => Received == 0 ? 0 : Math.Round((double)Online / Received, 4);

    /// <summary>Mean elapsed hours from receipt to processed (status 9), over the processed dossiers; null when none was.</summary>
    public double? AverageProcessingHours => Processed == 0 ? null : Math.Round(ProcessingHours / Processed, 2);

    /// <summary>On time among the dossiers decided either way (processed, or open past due); null when none is.</summary>
    public double? OnTimeRate => OnTime + Late == 0 ? null : Math.Round((double)OnTime / (OnTime + Late), 4);

    public static Tally operator +(Tally a, Tally b) =>
        new(a.Received + b.Received, a.Online + b.Online, a.Processed + b.Processed, a.OnTime + b.OnTime, a.ProcessingHours + b.ProcessingHours, a.OpenLate + b.OpenLate);
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

    /// <summary>Dossiers received in the period at one agency for another, per receiving and competent agency, from the index of transferred dossiers (0032).</summary>
    private const string Transfers =
        """
        SELECT receiving_agency, agency, count(*)
        FROM dossiers.dossiers
        WHERE receiving_agency <> agency AND received_at >= @from AND received_at < @to
              AND (@agency::text IS NULL OR receiving_agency = @agency OR agency = @agency)
        GROUP BY 1, 2
        """;

    /// <summary>
    /// Per agency, over dossiers received in [from, to) (starts of days in Vietnam): as the competent agency, received,
    /// processed on time and late, online share, mean processing hours; as the receiving one, what it received, its own
    /// and for others. An agency that only received for others is listed too.
    /// </summary>
    public async Task<List<AgencyStatistics>> StatisticsAsync(string? agency, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var competent = await TallyAsync(TallyGrouping.Agency, agency, null, from, to, cancellationToken);
        await using var command = dataSource.CreateCommand(Transfers);
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter<string?>("agency", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = agency });
        var forOthers = new Dictionary<string, long>();
        var transferredIn = new Dictionary<string, long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (receiving, decides, count) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
                forOthers[receiving] = forOthers.GetValueOrDefault(receiving) + count;
                transferredIn[decides] = transferredIn.GetValueOrDefault(decides) + count;
            }
        }

        var onlyReceiving = forOthers.Keys.Where(code => agency is null || code == agency).Except(competent.Select(group => group.Agency!)).Order(StringComparer.Ordinal);
        return [.. competent.Select(group => (Code: group.Agency!, group.Tally)).Concat(onlyReceiving.Select(code => (Code: code, Tally: Tally.Zero))).Select(entry =>
        {
            var (code, tally) = entry;
            var (sent, came) = (forOthers.GetValueOrDefault(code), transferredIn.GetValueOrDefault(code));
            return new AgencyStatistics(
                code, tally.Received, tally.OnTime, tally.Late, tally.OnlineShare, tally.AverageProcessingHours, tally.Received - came + sent, sent, came);
        })];
    }

    /// <summary>
    /// The tallies of dossiers received in [from, to), of one agency (or all when null) and one procedure (or all when
    /// null), in <paramref name="grouping"/>'s groups that received any, ordered by their keys.
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

        return groups;
    }
}
