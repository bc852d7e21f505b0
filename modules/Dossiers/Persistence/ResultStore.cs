using System.Security.Cryptography;
using HanoiEgov.Vendors;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>A result document as stored, with where its signing stands.</summary>
internal sealed record StoredResult(
    Guid Id,
    Guid DossierId,
    string FileName,
    string ContentType,
    long Size,
    byte[] Sha256,
    string UploadedBy,
    DateTimeOffset UploadedAt,
    int SigningAttempt,
    string? SigningTransaction,
    SigningStatus? SigningStatus,
    string? SigningReason,
    string? SignerId,
    byte[]? Signature,
    DateTimeOffset? SignedAt,
    int? SignedEventVersion,
    string? SigningRequestedBy);

/// <summary>The documents a dossier returns, in PostgreSQL, and the signing state of each.</summary>
internal sealed class ResultStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns =
        """
        id, dossier_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, signing_attempt, signing_transaction,
        signing_status, signing_reason, signer_id, signature, signed_at, signed_event_version, signing_requested_by
        """;

    private const string Insert =
        """
        INSERT INTO dossiers.results (id, dossier_id, file_name, content_type, size, sha256, content, uploaded_by, uploaded_at)
        VALUES (@id, @dossier, @name, @type, @size, @hash, @content, @by, @at)
        """;

    private const string ListOfDossier = $"SELECT {Columns} FROM dossiers.results WHERE dossier_id = @dossier ORDER BY uploaded_at, id";

    private const string FindOne = $"SELECT {Columns} FROM dossiers.results WHERE dossier_id = @dossier AND id = @id";

    private const string ReadContent = "SELECT content FROM dossiers.results WHERE dossier_id = @dossier AND id = @id";

    /// <summary>A new attempt, or the same attempt again, of a result not yet signed.</summary>
    private const string StartSigning =
        """
        UPDATE dossiers.results
        SET signing_attempt = @attempt, signing_transaction = @transaction, signing_status = @status, signing_reason = NULL,
            signer_id = @signer, signing_requested_by = @by
        WHERE id = @id AND signature IS NULL AND signing_attempt IN (@attempt - 1, @attempt)
        """;

    private const string EndSigning =
        """
        UPDATE dossiers.results SET signing_status = @status, signing_reason = @reason
        WHERE id = @id AND signing_transaction = @transaction AND signature IS NULL
        """;

    private const string StoreSignature =
        """
        UPDATE dossiers.results SET signing_status = @status, signing_reason = NULL, signature = @signature, signed_at = @at
        WHERE id = @id AND signing_transaction = @transaction AND signature IS NULL
        """;

    /// <summary>A claim lapses after a minute, so a caller that died holding it does not keep the event unrecorded.</summary>
    private const string ClaimRecording =
        """
        UPDATE dossiers.results SET recording_claimed_at = @now
        WHERE id = @id AND signature IS NOT NULL AND signed_event_version IS NULL
          AND (recording_claimed_at IS NULL OR recording_claimed_at < @now - interval '1 minute')
        """;

    private const string MarkRecorded = "UPDATE dossiers.results SET signed_event_version = @version WHERE id = @id AND signed_event_version IS NULL";

    public async Task<StoredResult> AddAsync(Guid dossierId, string fileName, string contentType, byte[] content, string uploadedBy, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        await using var insert = dataSource.CreateCommand(Insert);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("dossier", dossierId);
        insert.Parameters.AddWithValue("name", fileName);
        insert.Parameters.AddWithValue("type", contentType);
        insert.Parameters.AddWithValue("size", (long)content.Length);
        insert.Parameters.AddWithValue("hash", SHA256.HashData(content));
        insert.Parameters.AddWithValue("content", content);
        insert.Parameters.AddWithValue("by", uploadedBy);
        insert.Parameters.AddWithValue("at", clock.GetUtcNow().ToUniversalTime());
        await insert.ExecuteNonQueryAsync(cancellationToken);
        return (await FindAsync(dossierId, id, cancellationToken))!;
    }

    public async Task<List<StoredResult>> OfDossierAsync(Guid dossierId, CancellationToken cancellationToken)
    {
        await using var list = dataSource.CreateCommand(ListOfDossier);
        list.Parameters.AddWithValue("dossier", dossierId);
        return await ReadAllAsync(list, cancellationToken);
    }

    public async Task<StoredResult?> FindAsync(Guid dossierId, Guid resultId, CancellationToken cancellationToken)
    {
        await using var find = dataSource.CreateCommand(FindOne);
        find.Parameters.AddWithValue("dossier", dossierId);
        find.Parameters.AddWithValue("id", resultId);
        return (await ReadAllAsync(find, cancellationToken)).SingleOrDefault();
    }

    public async Task<byte[]?> ContentAsync(Guid dossierId, Guid resultId, CancellationToken cancellationToken)
    {
        await using var read = dataSource.CreateCommand(ReadContent);
        read.Parameters.AddWithValue("dossier", dossierId);
        read.Parameters.AddWithValue("id", resultId);
        return await read.ExecuteScalarAsync(cancellationToken) as byte[];
    }

    /// <summary>
    /// Records a signing request the provider accepted for this attempt (the same request id gives the same transaction;
    /// a vendor that lost it gives a new one, which replaces it). False once signed or a later attempt was recorded.
    /// </summary>
    public async Task<bool> StartSigningAsync(Guid resultId, int attempt, string transactionId, string signerId, string requestedBy, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(StartSigning);
        update.Parameters.AddWithValue("id", resultId);
        update.Parameters.AddWithValue("attempt", attempt);
        update.Parameters.AddWithValue("transaction", transactionId);
        update.Parameters.AddWithValue("status", nameof(SigningStatus.Pending));
        update.Parameters.AddWithValue("signer", signerId);
        update.Parameters.AddWithValue("by", requestedBy);
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>A rejected or expired request: shown, and the next request is a new attempt.</summary>
    public async Task EndSigningAsync(Guid resultId, string transactionId, SigningStatus status, string? reason, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(EndSigning);
        update.Parameters.AddWithValue("id", resultId);
        update.Parameters.AddWithValue("transaction", transactionId);
        update.Parameters.AddWithValue("status", status.ToString());
        update.Parameters.Add(new NpgsqlParameter<string?>("reason", NpgsqlTypes.NpgsqlDbType.Text) { TypedValue = reason });
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task StoreSignatureAsync(Guid resultId, string transactionId, byte[] signature, DateTimeOffset signedAt, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(StoreSignature);
        update.Parameters.AddWithValue("id", resultId);
        update.Parameters.AddWithValue("transaction", transactionId);
        update.Parameters.AddWithValue("status", nameof(SigningStatus.Completed));
        update.Parameters.AddWithValue("signature", signature);
        update.Parameters.AddWithValue("at", signedAt.ToUniversalTime());
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>True for the one caller that may now append the result's SignResult event.</summary>
    public async Task<bool> ClaimRecordingAsync(Guid resultId, CancellationToken cancellationToken)
    {
        await using var claim = dataSource.CreateCommand(ClaimRecording);
        claim.Parameters.AddWithValue("id", resultId);
        claim.Parameters.AddWithValue("now", clock.GetUtcNow().ToUniversalTime());
        return await claim.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task MarkRecordedAsync(Guid resultId, int eventVersion, CancellationToken cancellationToken)
    {
        await using var update = dataSource.CreateCommand(MarkRecorded);
        update.Parameters.AddWithValue("id", resultId);
        update.Parameters.AddWithValue("version", eventVersion);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<StoredResult>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<StoredResult>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new StoredResult(
                reader.GetGuid(0),
                reader.GetGuid(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt64(4),
                reader.GetFieldValue<byte[]>(5),
                reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : Enum.Parse<SigningStatus>(reader.GetString(10)),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<byte[]>(13),
                reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
                reader.IsDBNull(15) ? null : reader.GetInt32(15),
                reader.IsDBNull(16) ? null : reader.GetString(16)));
        }

        return found;
    }
}
