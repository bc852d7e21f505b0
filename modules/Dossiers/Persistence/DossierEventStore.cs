using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Anchoring;
using HanoiEgov.Modules.Dossiers.Domain;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>The facts a new dossier starts with, beyond its first event.</summary>
internal sealed record NewDossier(
    Guid Id,
    string Agency,
    string ProcedureCode,
    int ProcedureVersion,
    string ApplicantId,
    string ApplicantName,
    string Channel,
    DateTimeOffset ReceivedAt,
    DateTimeOffset DueAt,
    IReadOnlyList<AttachedDocument> Documents,
    string AttachmentOwner,
    DateTimeOffset? DeadlineCheckAt = null,
    string? ReceivingAgency = null)
{
    /// <summary>The agency that received the dossier, whose id its code carries (Circular 01/2018 art. 19).</summary>
    public string Receiver => ReceivingAgency ?? Agency;
}

/// <summary>Staged files that an event attaches to its dossier, taken from their uploader.</summary>
internal sealed record NewAttachments(IReadOnlyList<AttachedDocument> Documents, string Owner)
{
    public static readonly NewAttachments None = new([], "");
}

/// <summary>The official an event assigns the dossier to, for the read model.</summary>
internal sealed record DossierAssignee(string Id, string Name);

/// <summary>A dossier as created (with its first event), or as found again for a retried submission.</summary>
internal sealed record StartedDossier(Guid Id, string Code, bool Created, DossierEvent? First = null);

/// <summary>Another writer appended first: the caller's view of the dossier is stale.</summary>
internal sealed class StaleDossierVersionException(Guid dossierId, int expected)
    : Exception($"Dossier {dossierId} has moved on from version {expected}; reload it and try again.");

/// <summary>
/// Appends dossier events to PostgreSQL with optimistic concurrency (the primary key on dossier and version), the
/// hash chain, the read model and the dossier code all in one transaction: what is acknowledged is committed,
/// and a failure leaves nothing behind.
/// </summary>
/// <param name="anchors">The anchors verification checks histories against; null while anchoring is off.</param>
internal sealed class DossierEventStore(NpgsqlDataSource dataSource, int groupWriters = SubmissionGroups.DefaultWriters, AnchorLedger? anchors = null)
{
    private readonly SubmissionGroups groups = new(dataSource, groupWriters);

    /// <summary>The most submissions one transaction has committed so far.</summary>
    public int LargestGroup => groups.LargestGroup;

    /// <summary>
    /// Records a new dossier. Submissions arriving together are committed together (see <see cref="SubmissionGroups"/>):
    /// the task completes only after the transaction holding this submission has committed.
    /// </summary>
    public Task<StartedDossier> StartAsync(NewDossier dossier, Func<string, DossierEvent> firstEvent, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && dossier.Id != DossierIds.OfSubmission(dossier.ApplicantId, idempotencyKey))
        {
            throw new ArgumentException("A submission with an Idempotency-Key has the id its applicant and key derive.", nameof(dossier));
        }

        return groups.SubmitAsync(new PendingSubmission(dossier, firstEvent, idempotencyKey));
    }

    /// <param name="assignee">The official the event assigns the dossier to; null when it assigns nobody new.</param>
    /// <param name="idempotencyKey">The caller's key for this step, kept with the event; null when the caller gave none.</param>
    public async Task AppendAsync(
        DossierEvent next, DateTimeOffset? dueAt, DateTimeOffset? deadlineCheckAt, NewAttachments attachments, DossierAssignee? assignee, CancellationToken cancellationToken,
        string? idempotencyKey = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await InsertEventAsync(connection, transaction, next, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new StaleDossierVersionException(next.DossierId, next.Version - 1);
        }

        await using (var update = new NpgsqlCommand(
            DossierEventSql.AdvanceDossier,
            connection,
            transaction))
        {
            update.Parameters.AddWithValue("id", next.DossierId);
            update.Parameters.AddWithValue("status", (short)next.Status);
            update.Parameters.AddWithValue("processed", (short)DossierStatus.Processed);
            update.Parameters.AddWithValue("version", next.Version);
            update.Parameters.AddWithValue("hash", next.Hash);
            update.Parameters.AddWithValue("at", next.RecordedAt);
            update.Parameters.AddWithValue("extended", next.Action == DossierAction.ExtendDeadline);
            update.Parameters.AddWithValue("handed_over", next.Action == DossierAction.HandOver);
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("due_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = dueAt?.ToUniversalTime() });
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("deadline_check_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = deadlineCheckAt?.ToUniversalTime() });
            update.Parameters.Add(new NpgsqlParameter<string?>("assignee_id", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = assignee?.Id });
            update.Parameters.Add(new NpgsqlParameter<string?>("assignee_name", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = assignee?.Name });
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new StaleDossierVersionException(next.DossierId, next.Version - 1);
            }
        }

        await AttachmentStore.AttachAsync(connection, transaction, next.DossierId, attachments.Owner, attachments.Documents, cancellationToken);
        if (idempotencyKey is not null)
        {
            await using var remember = new NpgsqlCommand(DossierEventSql.RememberActionKey, connection, transaction);
            remember.Parameters.AddWithValue("id", next.DossierId);
            remember.Parameters.AddWithValue("key", idempotencyKey);
            remember.Parameters.AddWithValue("version", next.Version);
            await remember.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The version of the event a step asked with this key recorded, or null when no step was recorded under it.</summary>
    public async Task<int?> StepOfKeyAsync(Guid dossierId, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand(DossierEventSql.FindActionKey);
        find.Parameters.AddWithValue("id", dossierId);
        find.Parameters.AddWithValue("key", idempotencyKey);
        return await find.ExecuteScalarAsync(cancellationToken) as int?;
    }

    public async Task<IReadOnlyList<DossierEvent>> ReadAsync(Guid dossierId, CancellationToken cancellationToken)
    {
        await using var read = dataSource.CreateCommand(DossierEventSql.ReadEvents);
        read.Parameters.AddWithValue("id", dossierId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var events = new List<DossierEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new DossierEvent(
                dossierId,
                reader.GetInt32(0),
                Enum.Parse<DossierAction>(reader.GetString(1)),
                (DossierStatus)reader.GetInt16(2),
                new Actor(reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5)),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.GetFieldValue<byte[]>(10),
                reader.GetFieldValue<byte[]>(11),
                reader.GetInt16(12)));
        }

        return events;
    }

    /// <summary>Dossiers whose deadline check time has come, soonest first, but those already looked at in this tick.</summary>
    public async Task<List<Guid>> DeadlineChecksDueAsync(DateTimeOffset now, int limit, Guid[] passedOver, CancellationToken cancellationToken)
    {
        await using var due = dataSource.CreateCommand(DossierEventSql.DeadlineChecksDue);
        due.Parameters.AddWithValue("now", now.ToUniversalTime());
        due.Parameters.AddWithValue("limit", limit);
        due.Parameters.AddWithValue("passed", passedOver);
        await using var reader = await due.ExecuteReaderAsync(cancellationToken);
        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    public async Task RecordDeadlineTickAsync(DeadlineTick tick, CancellationToken cancellationToken)
    {
        await using var record = dataSource.CreateCommand(DossierEventSql.RecordDeadlineTick);
        record.Parameters.AddWithValue("at", tick.At.ToUniversalTime());
        record.Parameters.AddWithValue("looked", tick.Looked);
        record.Parameters.AddWithValue("failed", tick.Failed);
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DeadlineTick?> LastDeadlineTickAsync(CancellationToken cancellationToken)
    {
        await using var read = dataSource.CreateCommand(DossierEventSql.LastDeadlineTick);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new DeadlineTick(reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt32(1), reader.GetInt32(2))
            : null;
    }

    /// <summary>Moves a dossier's next deadline check when a look found nothing owed (no event: nothing happened to it).</summary>
    public async Task SetDeadlineCheckAsync(Guid dossierId, int version, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        await using var set = dataSource.CreateCommand(DossierEventSql.SetDeadlineCheck);
        set.Parameters.AddWithValue("id", dossierId);
        set.Parameters.AddWithValue("version", version);
        set.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = at?.ToUniversalTime() });
        await set.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Recomputes the chain of stored events against the head the read model recorded, and against the anchors that cover it.</summary>
    public async Task<ChainReport> VerifyAsync(Guid dossierId, CancellationToken cancellationToken)
    {
        var events = await ReadAsync(dossierId, cancellationToken);
        await using var head = dataSource.CreateCommand(DossierEventSql.ReadHead);
        head.Parameters.AddWithValue("id", dossierId);
        await using var reader = await head.ExecuteReaderAsync(cancellationToken);
        var (headVersion, headHash) = await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetFieldValue<byte[]>(1)) : (0, DossierEvent.Genesis);
        var report = DossierChain.Verify(dossierId, events, headVersion, headHash);
        return anchors is null ? report : DossierChain.CheckAnchors(report, events, anchors.Covering(dossierId));
    }

    private static async Task InsertEventAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DossierEvent entry, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(SubmissionSql.InsertEvents, connection, transaction);
        BindEvents(insert.Parameters, [entry]);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The parameters of <see cref="SubmissionSql.InsertEvents"/>: one element per event.</summary>
    internal static void BindEvents(NpgsqlParameterCollection parameters, IReadOnlyList<DossierEvent> events)
    {
        parameters.AddWithValue("ids", events.Select(entry => entry.DossierId).ToArray());
        parameters.AddWithValue("versions", events.Select(entry => entry.Version).ToArray());
        parameters.AddWithValue("actions", events.Select(entry => entry.Action.ToString()).ToArray());
        parameters.AddWithValue("statuses", events.Select(entry => (short)entry.Status).ToArray());
        parameters.AddWithValue("actors", events.Select(entry => entry.Actor.UserId).ToArray());
        parameters.AddWithValue("roles", events.Select(entry => entry.Actor.Role).ToArray());
        parameters.AddWithValue("actor_agencies", events.Select(entry => entry.Actor.Agency).ToArray());
        parameters.AddWithValue("channels", events.Select(entry => entry.Channel).ToArray());
        parameters.AddWithValue("reasons", events.Select(entry => entry.Reason).ToArray());
        parameters.AddWithValue("recorded", events.Select(entry => entry.RecordedAt.ToUniversalTime()).ToArray());
        parameters.AddWithValue("data", events.Select(entry => entry.Data).ToArray());
        parameters.Add(new NpgsqlParameter("previous", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea) { Value = events.Select(entry => entry.PreviousHash).ToArray() });
        parameters.Add(new NpgsqlParameter("hashes", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea) { Value = events.Select(entry => entry.Hash).ToArray() });
        parameters.AddWithValue("hash_versions", events.Select(entry => (short)entry.HashVersion).ToArray());
    }
}
