using HanoiEgov.BuildingBlocks;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>Queries on the read model: never wakes a grain.</summary>
internal sealed class DossierQueries(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = "id, code, procedure_code, procedure_version, agency, applicant_id, applicant_name, channel, status, version, received_at, due_at";
    private static readonly TimeSpan NearDue = TimeSpan.FromDays(1);

    public async Task<DossierSummary?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM dossiers.dossiers WHERE id = @id", command => command.Parameters.AddWithValue("id", id), cancellationToken)).SingleOrDefault();

    /// <summary>The dossier with this code (the column is unique), for the public lookup.</summary>
    public async Task<DossierSummary?> FindByCodeAsync(string code, CancellationToken cancellationToken) =>
        (await QueryAsync($"SELECT {Columns} FROM dossiers.dossiers WHERE code = @code", command => command.Parameters.AddWithValue("code", code), cancellationToken)).SingleOrDefault();

    public Task<List<DossierSummary>> OfApplicantAsync(string applicantId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM dossiers.dossiers WHERE applicant_id = @applicant ORDER BY received_at DESC LIMIT 200",
            command => command.Parameters.AddWithValue("applicant", applicantId), cancellationToken);

    /// <summary>A page of an agency's open dossiers, soonest due first (ties by id), after the given place if any.</summary>
    public Task<List<DossierSummary>> WorklistAsync(string agency, WorklistPlace? after, int limit, CancellationToken cancellationToken) =>
        QueryAsync(
            after is null
                ? $"SELECT {Columns} FROM dossiers.dossiers WHERE agency = @agency AND status NOT IN (3, 7, 8, 10) ORDER BY due_at, id LIMIT @limit"
                : $"""
                  SELECT {Columns} FROM dossiers.dossiers
                  WHERE agency = @agency AND status NOT IN (3, 7, 8, 10) AND (due_at, id) > (@due, @id)
                  ORDER BY due_at, id LIMIT @limit
                  """,
            command =>
            {
                command.Parameters.AddWithValue("agency", agency);
                command.Parameters.AddWithValue("limit", limit);
                if (after is not null)
                {
                    command.Parameters.AddWithValue("due", after.DueAt.ToUniversalTime());
                    command.Parameters.AddWithValue("id", after.Id);
                }
            },
            cancellationToken);

    /// <summary>An agency's dossiers whose code starts with, or whose applicant's name contains, the search text.</summary>
    public Task<List<DossierSummary>> SearchAsync(string agency, string text, CancellationToken cancellationToken) =>
        QueryAsync(
            $"""
            SELECT {Columns} FROM dossiers.dossiers
            WHERE agency = @agency AND (code LIKE @code || '%' OR applicant_name_folded LIKE '%' || @name || '%')
            ORDER BY received_at DESC LIMIT 100
            """,
            command =>
            {
                command.Parameters.AddWithValue("agency", agency);
                command.Parameters.AddWithValue("code", text.Trim());
                command.Parameters.AddWithValue("name", HanoiEgov.BuildingBlocks.VietnameseText.Fold(text));
            },
            cancellationToken);

    /// <summary>
    /// Per agency, over dossiers received in [from, to) (starts of days in Vietnam): received, processed on time and
    /// late, online share, mean processing hours. Summed from the daily rollup; the open dossiers past their due
    /// time are counted as late at the moment of asking.
    /// </summary>
    public async Task<List<AgencyStatistics>> StatisticsAsync(string? agency, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH days AS (
                SELECT agency, sum(received) AS received, sum(online) AS online, sum(processed) AS processed,
                       sum(processed_on_time) AS on_time, sum(processing_hours) AS hours
                FROM dossiers.daily_statistics
                WHERE day >= @from_day AND day < @to_day AND (@agency::text IS NULL OR agency = @agency)
                GROUP BY agency),
            overdue AS (
                SELECT agency, count(*) AS open_late
                FROM dossiers.dossiers
                WHERE processed_at IS NULL AND status NOT IN (3, 7, 8) AND due_at < @now
                  AND received_at >= @from AND received_at < @to AND (@agency::text IS NULL OR agency = @agency)
                GROUP BY agency)
            SELECT days.agency, days.received::bigint, days.on_time::bigint, (days.processed - days.on_time + COALESCE(overdue.open_late, 0))::bigint,
                   days.online::bigint, days.hours / NULLIF(days.processed, 0)
            FROM days LEFT JOIN overdue ON overdue.agency = days.agency
            WHERE days.received > 0
            ORDER BY days.agency
            """);
        command.Parameters.AddWithValue("from_day", VietnamTime.DayOf(from));
        command.Parameters.AddWithValue("to_day", VietnamTime.DayOf(to));
        command.Parameters.AddWithValue("from", from.ToUniversalTime());
        command.Parameters.AddWithValue("to", to.ToUniversalTime());
        command.Parameters.AddWithValue("now", clock.GetUtcNow().ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter<string?>("agency", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = agency });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<AgencyStatistics>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var received = reader.GetInt64(1);
            rows.Add(new AgencyStatistics(
                reader.GetString(0),
                received,
                reader.GetInt64(2),
                reader.GetInt64(3),
                received == 0 ? 0 : Math.Round((double)reader.GetInt64(4) / received, 4),
                reader.IsDBNull(5) ? null : Math.Round(reader.GetDouble(5), 2)));
        }

        return rows;
    }

    private async Task<List<DossierSummary>> QueryAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var found = new List<DossierSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var status = (DossierStatus)reader.GetInt16(8);
            var due = reader.GetFieldValue<DateTimeOffset>(11);
            var deadline = status is DossierStatus.Processed or DossierStatus.ResultReturned || (int)status is 3 or 7 or 8 ? "closed"
                : due < now ? "overdue"
                : due - now <= NearDue ? "near-due"
                : "on-time";
            found.Add(new DossierSummary(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), status, reader.GetInt32(9), reader.GetFieldValue<DateTimeOffset>(10), due, deadline));
        }

        return found;
    }
}

/// <summary>A place in an agency's worklist: the last dossier of a page. Travels as an opaque cursor.</summary>
internal sealed record WorklistPlace(DateTimeOffset DueAt, Guid Id)
{
    public static WorklistPlace Of(DossierSummary dossier) => new(dossier.DueAt, dossier.Id);

    public string ToCursor()
    {
        Span<byte> bytes = stackalloc byte[24];
        BitConverter.TryWriteBytes(bytes, DueAt.UtcTicks);
        Id.TryWriteBytes(bytes[8..]);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    public static WorklistPlace? FromCursor(string cursor)
    {
        try
        {
            var bytes = System.Buffers.Text.Base64Url.DecodeFromChars(cursor);
            var ticks = bytes.Length == 24 ? BitConverter.ToInt64(bytes, 0) : -1;
            return ticks is >= 0 and <= 3155378975999999999 ? new WorklistPlace(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(8))) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
