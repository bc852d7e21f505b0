using System.Text.Json;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using Npgsql;
using NpgsqlTypes;

namespace HanoiEgov.Modules.Dossiers.Interlinked;

/// <summary>An interlinked dossier as the read model holds it: the snapshot its last event left and the status the parts give it.</summary>
internal sealed record InterlinkedRow(InterlinkedSnapshot Dossier, DossierStatus Status);

/// <summary>A validated list query of a commune's interlinked dossiers: of one group or all, only those late or overdue or all, a page at a time.</summary>
internal sealed record InterlinkedFilter(string Agency, string? Group, bool Late, int Limit, PagePlace? After);

/// <summary>A page of interlinked dossiers, how many pass the filter (at most <see cref="InterlinkedStore.MaxCount"/>), and where the next page starts (null on the last one).</summary>
internal sealed record InterlinkedPage(IReadOnlyList<InterlinkedRow> Rows, long Total, PagePlace? Next);

/// <summary>The day's codes of the receiving agency are all taken.</summary>
internal sealed class InterlinkedCodesExhaustedException(DateOnly day) : Exception($"The receiving agency has used every dossier code of {day}.")
{
    public DateOnly Day { get; } = day;
}

/// <summary>
/// The interlinked dossiers' events and read model in PostgreSQL: each append is one transaction with optimistic
/// concurrency on (id, version), as for dossiers.
/// </summary>
internal sealed class InterlinkedStore(NpgsqlDataSource dataSource)
{
    /// <summary>The most a list's total counts, as for the search of all an agency's dossiers: a list with more says this many.</summary>
    public const int MaxCount = 1_000;

    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);
    private static readonly int[] OneCode = [1];

    /// <summary>
    /// Late or overdue as of @now, as <c>InterlinkedView.Of</c> marks it from the same snapshot: the whole open past its
    /// due time or decided after it, or a part undecided past its due time or decided after it.
    /// </summary>
    private static readonly string LateCondition =
        $"""
        ((status IN {StatusSql.DeadlinePending} AND NOT (snapshot->>'completed')::boolean AND due_at < @now)
         OR EXISTS (SELECT 1 FROM jsonb_array_elements(snapshot->'parts') AS part
                    WHERE (NOT (status IN {StatusSql.DeadlinePending}) OR (snapshot->>'completed')::boolean) AND (part->>'decidedAt')::timestamptz > due_at)
         OR EXISTS (SELECT 1 FROM jsonb_array_elements(snapshot->'parts') AS part
                    WHERE part->>'dueAt' IS NOT NULL AND coalesce((part->>'decidedAt')::timestamptz, @now) > (part->>'dueAt')::timestamptz))
        """;

    /// <summary>
    /// Records a new interlinked dossier: takes its code, seals its first events with it, writes them and the read
    /// model. False when the id was recorded before (a retried submission), with nothing written.
    /// </summary>
    public async Task<bool> StartAsync(
        Guid id, string agency, DateTimeOffset receivedAt, Func<string, IReadOnlyList<InterlinkedEvent>> firstEvents,
        Func<IReadOnlyList<InterlinkedEvent>, (InterlinkedSnapshot Snapshot, DossierStatus Status, Guid CommunePart, DateTimeOffset? NextCheck)> readModel,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var exists = new NpgsqlCommand("SELECT 1 FROM dossiers.interlinked WHERE id = @id", connection, transaction))
        {
            exists.Parameters.AddWithValue("id", id);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return false;
            }
        }

        var day = VietnamTime.DayOf(receivedAt);
        int number;
        await using (var take = new NpgsqlCommand(SubmissionSql.TakeCodes, connection, transaction))
        {
            take.Parameters.AddWithValue("agencies", new[] { agency });
            take.Parameters.AddWithValue("days", new[] { day });
            take.Parameters.AddWithValue("counts", OneCode);
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            number = reader.GetInt32(2);
        }

        if (number > DossierCodes.LastNumber)
        {
            throw new InterlinkedCodesExhaustedException(day);
        }

        var events = firstEvents(DossierCodes.Format(agency, day, number));
        var (snapshot, status, communePart, nextCheck) = readModel(events);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO dossiers.interlinked (id, code, group_code, group_version, agency, applicant_id, status, received_at, due_at, version,
                                              head_hash, snapshot, commune_part_id, next_check_at, updated_at)
            VALUES (@id, @code, @group_code, @group_version, @agency, @applicant_id, @status, @received_at, @due_at, @version,
                    @head_hash, @snapshot, @commune_part_id, @next_check_at, @updated_at)
            """,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("code", snapshot.Code);
            insert.Parameters.AddWithValue("group_code", snapshot.GroupCode);
            insert.Parameters.AddWithValue("group_version", snapshot.GroupVersion);
            insert.Parameters.AddWithValue("agency", snapshot.Agency);
            insert.Parameters.AddWithValue("applicant_id", snapshot.ApplicantId);
            insert.Parameters.AddWithValue("received_at", snapshot.ReceivedAt.ToUniversalTime());
            insert.Parameters.AddWithValue("due_at", snapshot.DueAt.ToUniversalTime());
            insert.Parameters.AddWithValue("commune_part_id", communePart);
            BindProgress(insert.Parameters, snapshot, status, events[^1], nextCheck);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertEventsAsync(connection, transaction, events, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Appends events after <paramref name="expectedVersion"/>; throws <see cref="StaleDossierVersionException"/> when another writer was first.</summary>
    public async Task AppendAsync(
        IReadOnlyList<InterlinkedEvent> events, int expectedVersion, InterlinkedSnapshot snapshot, DossierStatus status, DateTimeOffset? nextCheck,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = new NpgsqlCommand(
            """
            UPDATE dossiers.interlinked SET status = @status, version = @version, head_hash = @head_hash, snapshot = @snapshot,
                                            next_check_at = @next_check_at, updated_at = @updated_at
            WHERE id = @id AND version = @expected
            """,
            connection,
            transaction))
        {
            update.Parameters.AddWithValue("id", snapshot.Id);
            update.Parameters.AddWithValue("expected", expectedVersion);
            BindProgress(update.Parameters, snapshot, status, events[^1], nextCheck);
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new StaleDossierVersionException(snapshot.Id, expectedVersion);
            }
        }

        try
        {
            await InsertEventsAsync(connection, transaction, events, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new StaleDossierVersionException(snapshot.Id, expectedVersion);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>What changed without an event (a part waiting for a system, the civil-status part's own status), and the next look.</summary>
    public async Task SetProgressAsync(InterlinkedSnapshot snapshot, DossierStatus status, DateTimeOffset? nextCheck, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(
            """
            UPDATE dossiers.interlinked SET status = @status, snapshot = @snapshot, next_check_at = @next_check_at, updated_at = now()
            WHERE id = @id AND version = @version
            """);
        update.Parameters.AddWithValue("id", snapshot.Id);
        update.Parameters.AddWithValue("version", snapshot.Version);
        update.Parameters.AddWithValue("status", (short)status);
        update.Parameters.Add(new NpgsqlParameter("snapshot", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(snapshot, SnapshotJson) });
        update.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("next_check_at", NpgsqlDbType.TimestampTz) { TypedValue = nextCheck?.ToUniversalTime() });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<InterlinkedEvent>> ReadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var read = dataSource.CreateCommand(
            """
            SELECT version, actor_id, actor_role, recorded_at, data, previous_hash, hash
            FROM dossiers.interlinked_events WHERE parent_id = @id ORDER BY version
            """);
        read.Parameters.AddWithValue("id", id);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var events = new List<InterlinkedEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new InterlinkedEvent(id, reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetFieldValue<byte[]>(5), reader.GetFieldValue<byte[]>(6)));
        }

        return events;
    }

    /// <summary>Recomputes the chain of stored events against the head the read model recorded.</summary>
    public async Task<ChainReport> VerifyAsync(Guid id, CancellationToken cancellationToken)
    {
        var events = await ReadAsync(id, cancellationToken);
        await using var head = dataSource.CreateCommand("SELECT version, head_hash FROM dossiers.interlinked WHERE id = @id");
        head.Parameters.AddWithValue("id", id);
        await using var reader = await head.ExecuteReaderAsync(cancellationToken);
        var (headVersion, headHash) = await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetFieldValue<byte[]>(1)) : (0, InterlinkedEvent.Genesis);
        var problems = new List<ChainProblem>();
        var previous = InterlinkedEvent.Genesis;
        var expected = 1;
        foreach (var entry in events)
        {
            if (entry.Version != expected)
            {
                problems.Add(new ChainProblem(entry.Version, $"Expected event {expected}; an event is missing or out of order."));
            }

            if (!entry.PreviousHash.AsSpan().SequenceEqual(previous))
            {
                problems.Add(new ChainProblem(entry.Version, "Its previous hash is not the hash of the event before it."));
            }

            if (!entry.ComputeHash().AsSpan().SequenceEqual(entry.Hash))
            {
                problems.Add(new ChainProblem(entry.Version, "Its content does not match its hash: it was altered."));
            }

            previous = entry.Hash;
            expected = entry.Version + 1;
        }

        if (events.Count != headVersion || !previous.AsSpan().SequenceEqual(headHash))
        {
            problems.Add(new ChainProblem(headVersion, "The read model's head is not the last stored event: events were removed or added."));
        }

        return new ChainReport(id, events.Count, problems.Count == 0, problems);
    }

    public async Task<InterlinkedRow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand("SELECT snapshot::text, status FROM dossiers.interlinked WHERE id = @id");
        find.Parameters.AddWithValue("id", id);
        return (await ReadRowsAsync(find, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<InterlinkedRow>> OfApplicantAsync(string applicantId, int limit, CancellationToken cancellationToken)
    {
        await using var list = dataSource.CreateCommand(
            "SELECT snapshot::text, status FROM dossiers.interlinked WHERE applicant_id = @applicant ORDER BY received_at DESC LIMIT @limit");
        list.Parameters.AddWithValue("applicant", applicantId);
        list.Parameters.AddWithValue("limit", limit);
        return await ReadRowsAsync(list, cancellationToken);
    }

    /// <summary>The interlinked dossier whose civil-status part is the dossier <paramref name="dossierId"/>; null for any other dossier.</summary>
    public async Task<InterlinkedRow?> OfCommunePartAsync(Guid dossierId, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand("SELECT snapshot::text, status FROM dossiers.interlinked WHERE commune_part_id = @part");
        find.Parameters.AddWithValue("part", dossierId);
        return (await ReadRowsAsync(find, cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// A page of the interlinked dossiers <paramref name="filter"/> names, newest first (ties by id) after its place if
    /// any, and how many pass it (counted up to <see cref="MaxCount"/>).
    /// </summary>
    public async Task<InterlinkedPage> OfAgencyAsync(InterlinkedFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var conditions = new List<string> { "agency = @agency" };
        if (filter.Group is not null)
        {
            conditions.Add("group_code = @group");
        }

        if (filter.Late)
        {
            conditions.Add(LateCondition);
        }

        var where = string.Join(" AND ", conditions);
        void Bind(NpgsqlParameterCollection parameters)
        {
            parameters.Add(new NpgsqlParameter<string>("agency", filter.Agency));
            if (filter.Group is { } group)
            {
                parameters.Add(new NpgsqlParameter<string>("group", group));
            }

            parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", now.ToUniversalTime()));
        }

        await using var batch = dataSource.CreateBatch();
        var page = new NpgsqlBatchCommand(
            $"SELECT snapshot::text, status, received_at, id FROM dossiers.interlinked WHERE {where}"
            + $"{(filter.After is null ? "" : " AND (received_at, id) < (@after_at, @after_id)")} ORDER BY received_at DESC, id DESC LIMIT @limit");
        Bind(page.Parameters);
        page.Parameters.Add(new NpgsqlParameter<int>("limit", filter.Limit));
        if (filter.After is { } place)
        {
            page.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("after_at", place.At.ToUniversalTime()));
            page.Parameters.Add(new NpgsqlParameter<Guid>("after_id", place.Id));
        }

        var count = new NpgsqlBatchCommand($"SELECT count(*) FROM (SELECT 1 FROM dossiers.interlinked WHERE {where} LIMIT {MaxCount}) AS passing");
        Bind(count.Parameters);
        batch.BatchCommands.Add(page);
        batch.BatchCommands.Add(count);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var rows = new List<InterlinkedRow>();
        PagePlace? last = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new InterlinkedRow(JsonSerializer.Deserialize<InterlinkedSnapshot>(reader.GetString(0), SnapshotJson)!, (DossierStatus)reader.GetInt16(1)));
            last = new PagePlace(reader.GetFieldValue<DateTimeOffset>(2), reader.GetGuid(3));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new InterlinkedPage(rows, reader.GetInt64(0), rows.Count == filter.Limit ? last : null);
    }

    /// <summary>
    /// The number the commune's register <paramref name="book"/> of <paramref name="year"/> gives the part: the one it
    /// was given before, or the book's next (kept with the part in one transaction).
    /// </summary>
    public async Task<string> RegisterNumberAsync(Guid partId, string agency, string book, int year, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var find = new NpgsqlCommand("SELECT number, year FROM dossiers.register_numbers WHERE part_id = @part", connection, transaction))
        {
            find.Parameters.AddWithValue("part", partId);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return $"{reader.GetInt32(0)}/{reader.GetInt32(1)}";
            }
        }

        // The books count in the agencies' code sequences, under a key of their own and the year's first day.
        int number;
        await using (var take = new NpgsqlCommand(SubmissionSql.TakeCodes, connection, transaction))
        {
            take.Parameters.AddWithValue("agencies", new[] { $"{agency}:{book}" });
            take.Parameters.AddWithValue("days", new[] { new DateOnly(year, 1, 1) });
            take.Parameters.AddWithValue("counts", OneCode);
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            number = reader.GetInt32(2);
        }

        await using (var keep = new NpgsqlCommand(
            "INSERT INTO dossiers.register_numbers (part_id, agency, book, year, number) VALUES (@part, @agency, @book, @year, @number)", connection, transaction))
        {
            keep.Parameters.AddWithValue("part", partId);
            keep.Parameters.AddWithValue("agency", agency);
            keep.Parameters.AddWithValue("book", book);
            keep.Parameters.AddWithValue("year", year);
            keep.Parameters.AddWithValue("number", number);
            await keep.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return $"{number}/{year}";
    }

    /// <summary>Open interlinked dossiers whose next look has come, soonest first.</summary>
    public async Task<List<Guid>> ChecksDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var due = dataSource.CreateCommand(
            "SELECT id FROM dossiers.interlinked WHERE next_check_at <= @now ORDER BY next_check_at LIMIT @limit");
        due.Parameters.AddWithValue("now", now.ToUniversalTime());
        due.Parameters.AddWithValue("limit", limit);
        await using var reader = await due.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    private static void BindProgress(NpgsqlParameterCollection parameters, InterlinkedSnapshot snapshot, DossierStatus status, InterlinkedEvent last, DateTimeOffset? nextCheck)
    {
        parameters.AddWithValue("status", (short)status);
        parameters.AddWithValue("version", last.Version);
        parameters.AddWithValue("head_hash", last.Hash);
        parameters.Add(new NpgsqlParameter("snapshot", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(snapshot, SnapshotJson) });
        parameters.Add(new NpgsqlParameter<DateTimeOffset?>("next_check_at", NpgsqlDbType.TimestampTz) { TypedValue = nextCheck?.ToUniversalTime() });
        parameters.AddWithValue("updated_at", last.RecordedAt.ToUniversalTime());
    }

    private static async Task InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<InterlinkedEvent> events, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO dossiers.interlinked_events (parent_id, version, actor_id, actor_role, recorded_at, data, previous_hash, hash)
            SELECT * FROM unnest(@ids::uuid[], @versions::integer[], @actors::text[], @roles::text[], @recorded::timestamptz[], @data::text[],
                                 @previous::bytea[], @hashes::bytea[])
            """,
            connection,
            transaction);
        insert.Parameters.AddWithValue("ids", events.Select(entry => entry.ParentId).ToArray());
        insert.Parameters.AddWithValue("versions", events.Select(entry => entry.Version).ToArray());
        insert.Parameters.AddWithValue("actors", events.Select(entry => entry.ActorId).ToArray());
        insert.Parameters.AddWithValue("roles", events.Select(entry => entry.ActorRole).ToArray());
        insert.Parameters.AddWithValue("recorded", events.Select(entry => entry.RecordedAt.ToUniversalTime()).ToArray());
        insert.Parameters.AddWithValue("data", events.Select(entry => entry.Data).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("previous", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = events.Select(entry => entry.PreviousHash).ToArray() });
        insert.Parameters.Add(new NpgsqlParameter("hashes", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = events.Select(entry => entry.Hash).ToArray() });
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<InterlinkedRow>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<InterlinkedRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new InterlinkedRow(JsonSerializer.Deserialize<InterlinkedSnapshot>(reader.GetString(0), SnapshotJson)!, (DossierStatus)reader.GetInt16(1)));
        }

        return rows;
    }
}
