using System.Globalization;
using HanoiEgov.BuildingBlocks;
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
    string AttachmentOwner);

/// <summary>A dossier as created, or as found again for a retried submission.</summary>
internal sealed record StartedDossier(Guid Id, string Code, bool Created);

/// <summary>Another writer appended first: the caller's view of the dossier is stale.</summary>
internal sealed class StaleDossierVersionException(Guid dossierId, int expected)
    : Exception($"Dossier {dossierId} has moved on from version {expected}; reload it and try again.");

/// <summary>
/// Appends dossier events to PostgreSQL with optimistic concurrency (the primary key on dossier and version), the
/// hash chain, the read model and the dossier code all in one transaction: what is acknowledged is committed,
/// and a failure leaves nothing behind.
/// </summary>
internal sealed class DossierEventStore(NpgsqlDataSource dataSource)
{
    private const string UniqueViolation = "23505";

    public async Task<StartedDossier> StartAsync(NewDossier dossier, Func<string, DossierEvent> firstEvent, string? idempotencyKey, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (idempotencyKey is not null && await FindSubmissionAsync(connection, transaction, dossier.ApplicantId, idempotencyKey, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        var code = await NextCodeAsync(connection, transaction, dossier.Agency, dossier.ReceivedAt, cancellationToken);
        var first = firstEvent(code);
        try
        {
            await InsertEventAsync(connection, transaction, first, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == UniqueViolation && idempotencyKey is not null)
        {
            // Two activations of the same retried submission (possible while a silo fails over): the first one wins.
            await transaction.RollbackAsync(CancellationToken.None);
            return await FindSubmissionAsync(connection, null, dossier.ApplicantId, idempotencyKey, cancellationToken)
                ?? throw new StaleDossierVersionException(dossier.Id, 0);
        }

        await using (var insert = new NpgsqlCommand(
            SubmissionSql.InsertDossier,
            connection,
            transaction))
        {
            insert.Parameters.AddWithValue("id", dossier.Id);
            insert.Parameters.AddWithValue("code", code);
            insert.Parameters.AddWithValue("procedure", dossier.ProcedureCode);
            insert.Parameters.AddWithValue("procedure_version", dossier.ProcedureVersion);
            insert.Parameters.AddWithValue("agency", dossier.Agency);
            insert.Parameters.AddWithValue("applicant", dossier.ApplicantId);
            insert.Parameters.AddWithValue("applicant_name", dossier.ApplicantName);
            insert.Parameters.AddWithValue("folded", VietnameseText.Fold(dossier.ApplicantName));
            insert.Parameters.AddWithValue("channel", dossier.Channel);
            insert.Parameters.AddWithValue("status", (short)first.Status);
            insert.Parameters.AddWithValue("received_at", dossier.ReceivedAt.ToUniversalTime());
            insert.Parameters.AddWithValue("due_at", dossier.DueAt.ToUniversalTime());
            insert.Parameters.AddWithValue("hash", first.Hash);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await AttachmentStore.AttachAsync(connection, transaction, dossier.Id, dossier.AttachmentOwner, dossier.Documents, cancellationToken);

        if (idempotencyKey is not null)
        {
            await using var remember = new NpgsqlCommand(
                SubmissionSql.RememberSubmission, connection, transaction);
            remember.Parameters.AddWithValue("applicant", dossier.ApplicantId);
            remember.Parameters.AddWithValue("key", idempotencyKey);
            remember.Parameters.AddWithValue("id", dossier.Id);
            try
            {
                await remember.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException exception) when (exception.SqlState == UniqueViolation)
            {
                // The same submission raced itself; the one that committed first is the dossier.
                await transaction.RollbackAsync(CancellationToken.None);
                return await FindSubmissionAsync(connection, null, dossier.ApplicantId, idempotencyKey, cancellationToken)
                    ?? throw new InvalidOperationException("A submission was both taken and missing.", exception);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new StartedDossier(dossier.Id, code, Created: true);
    }

    public async Task AppendAsync(DossierEvent next, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await InsertEventAsync(connection, transaction, next, cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == UniqueViolation)
        {
            throw new StaleDossierVersionException(next.DossierId, next.Version - 1);
        }

        await using (var update = new NpgsqlCommand(
            """
            UPDATE dossiers.dossiers
            SET status = @status, version = @version, head_hash = @hash, updated_at = @at, due_at = COALESCE(@due_at, due_at),
                processed_at = CASE WHEN @status = 9 THEN @at ELSE processed_at END
            WHERE id = @id AND version = @version - 1
            """,
            connection,
            transaction))
        {
            update.Parameters.AddWithValue("id", next.DossierId);
            update.Parameters.AddWithValue("status", (short)next.Status);
            update.Parameters.AddWithValue("version", next.Version);
            update.Parameters.AddWithValue("hash", next.Hash);
            update.Parameters.AddWithValue("at", next.RecordedAt);
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset?>("due_at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { TypedValue = dueAt?.ToUniversalTime() });
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                throw new StaleDossierVersionException(next.DossierId, next.Version - 1);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DossierEvent>> ReadAsync(Guid dossierId, CancellationToken cancellationToken)
    {
        await using var read = dataSource.CreateCommand(
            """
            SELECT version, action, status, actor_id, actor_role, actor_agency, channel, reason, recorded_at, data, previous_hash, hash
            FROM dossiers.events WHERE dossier_id = @id ORDER BY version
            """);
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
                reader.GetFieldValue<byte[]>(11)));
        }

        return events;
    }

    /// <summary>Recomputes the chain of stored events against the head the read model recorded.</summary>
    public async Task<ChainReport> VerifyAsync(Guid dossierId, CancellationToken cancellationToken)
    {
        var events = await ReadAsync(dossierId, cancellationToken);
        await using var head = dataSource.CreateCommand("SELECT version, head_hash FROM dossiers.dossiers WHERE id = @id");
        head.Parameters.AddWithValue("id", dossierId);
        await using var reader = await head.ExecuteReaderAsync(cancellationToken);
        var (headVersion, headHash) = await reader.ReadAsync(cancellationToken) ? (reader.GetInt32(0), reader.GetFieldValue<byte[]>(1)) : (0, DossierEvent.Genesis);
        return DossierChain.Verify(dossierId, events, headVersion, headHash);
    }

    private static async Task InsertEventAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DossierEvent entry, CancellationToken cancellationToken)
    {
        await using var insert = new NpgsqlCommand(
            SubmissionSql.InsertEvent,
            connection,
            transaction);
        insert.Parameters.AddWithValue("id", entry.DossierId);
        insert.Parameters.AddWithValue("version", entry.Version);
        insert.Parameters.AddWithValue("action", entry.Action.ToString());
        insert.Parameters.AddWithValue("status", (short)entry.Status);
        insert.Parameters.AddWithValue("actor", entry.Actor.UserId);
        insert.Parameters.AddWithValue("role", entry.Actor.Role);
        insert.Parameters.Add(new NpgsqlParameter<string?>("agency", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = entry.Actor.Agency });
        insert.Parameters.AddWithValue("channel", entry.Channel);
        insert.Parameters.Add(new NpgsqlParameter<string?>("reason", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = entry.Reason });
        insert.Parameters.AddWithValue("at", entry.RecordedAt);
        insert.Parameters.Add(new NpgsqlParameter<string?>("data", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = entry.Data });
        insert.Parameters.AddWithValue("previous", entry.PreviousHash);
        insert.Parameters.AddWithValue("hash", entry.Hash);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary><c>&lt;agency&gt;-YYMMDD-XXXX</c>, the next number of the agency's day, inside the caller's transaction.</summary>
    private static async Task<string> NextCodeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string agency, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var day = VietnamTime.DayOf(receivedAt);
        await using var next = new NpgsqlCommand(
            SubmissionSql.NextCode,
            connection,
            transaction);
        next.Parameters.AddWithValue("agency", agency);
        next.Parameters.AddWithValue("day", day);
        var number = (int)(await next.ExecuteScalarAsync(cancellationToken))!;
        return DossierCodes.Format(agency, day, number);
    }

    private static async Task<StartedDossier?> FindSubmissionAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string applicantId, string key, CancellationToken cancellationToken)
    {
        await using var find = new NpgsqlCommand(
            SubmissionSql.FindSubmission,
            connection,
            transaction);
        find.Parameters.AddWithValue("applicant", applicantId);
        find.Parameters.AddWithValue("key", key);
        await using var reader = await find.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StartedDossier(reader.GetGuid(0), reader.GetString(1), Created: false) : null;
    }
}

/// <summary>Dossier codes (Circular 01/2018 art. 19): receiving agency, receipt date, 4-digit daily sequence.</summary>
internal static class DossierCodes
{
    public static string Format(string agency, DateOnly day, int number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 9999);
        return $"{agency}-{day.ToString("yyMMdd", CultureInfo.InvariantCulture)}-{number.ToString("0000", CultureInfo.InvariantCulture)}";
    }
}
