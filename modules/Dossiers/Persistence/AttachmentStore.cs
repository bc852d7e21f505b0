using System.Security.Cryptography;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

internal sealed class AttachmentStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public static readonly IReadOnlySet<string> AllowedTypes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "application/pdf", "image/jpeg", "image/png" };
    public const long MaxSize = 10 * 1024 * 1024;

    /// <summary>Uploads of one owner are counted one at a time: a lock on the owner until the transaction ends.</summary>
    private const string LockOwnerUploads = "SELECT pg_advisory_xact_lock(hashtextextended('staged:' || @owner, 0))";

    /// <summary>Stages the file unless the owner's staged files would then exceed the quota; inserts nothing then.</summary>
    private const string StageWithinQuota =
        """
        INSERT INTO dossiers.staged_attachments (id, owner_id, file_name, content_type, size, sha256, content, uploaded_at)
        SELECT @id, @owner, @name, @type, @size, @hash, @content, @at
        FROM (SELECT count(*) AS files, COALESCE(sum(size), 0) AS bytes FROM dossiers.staged_attachments WHERE owner_id = @owner) AS staged
        WHERE staged.files < @max_files AND staged.bytes + @size <= @max_bytes
        """;

    private const string ListOfDossier =
        "SELECT id, document_code, file_name, content_type, size, sha256 FROM dossiers.attachments WHERE dossier_id = @id ORDER BY document_code";

    private const string ReadContent = "SELECT file_name, content_type, content FROM dossiers.attachments WHERE id = @id AND dossier_id = @dossier";

    private const string DeleteStagedBefore = "DELETE FROM dossiers.staged_attachments WHERE uploaded_at < @before";

    /// <summary>Keeps an upload until a submission takes it, with no quota (loaders and tests that stage directly).</summary>
    public async Task<AttachmentInfo> StageAsync(string ownerId, string fileName, string contentType, byte[] content, CancellationToken cancellationToken) =>
        (await StageAsync(ownerId, fileName, contentType, content, new UploadQuotaOptions { MaxStagedFiles = int.MaxValue, MaxStagedMegabytes = int.MaxValue }, cancellationToken))!;

    /// <summary>
    /// Keeps an upload until a submission takes it, unless the owner's staged files would then exceed
    /// <paramref name="quota"/> (files or megabytes, the new one included): null then. Uploads of one owner are
    /// counted one at a time (a transaction-scoped advisory lock on the owner), so parallel uploads cannot pass it together.
    /// </summary>
    public async Task<AttachmentInfo?> StageAsync(
        string ownerId, string fileName, string contentType, byte[] content, UploadQuotaOptions quota, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var hash = SHA256.HashData(content);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var serialize = new NpgsqlCommand(LockOwnerUploads, connection, transaction))
        {
            serialize.Parameters.AddWithValue("owner", ownerId);
            await serialize.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = new NpgsqlCommand(StageWithinQuota, connection, transaction);
        insert.Parameters.AddWithValue("max_files", (long)quota.MaxStagedFiles);
        insert.Parameters.AddWithValue("max_bytes", quota.MaxStagedMegabytes * 1024L * 1024L);
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("owner", ownerId);
        insert.Parameters.AddWithValue("name", fileName);
        insert.Parameters.AddWithValue("type", contentType);
        insert.Parameters.AddWithValue("size", (long)content.Length);
        insert.Parameters.AddWithValue("hash", hash);
        insert.Parameters.AddWithValue("content", content);
        insert.Parameters.AddWithValue("at", clock.GetUtcNow().ToUniversalTime());
        var staged = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        await transaction.CommitAsync(cancellationToken);
        return staged ? new AttachmentInfo(id, null, fileName, contentType, content.Length, Convert.ToHexStringLower(hash)) : null;
    }

    /// <summary>The documents attached to a dossier, by document code.</summary>
    public async Task<List<AttachmentInfo>> OfDossierAsync(Guid dossierId, CancellationToken cancellationToken)
    {
        await using var list = dataSource.CreateCommand(ListOfDossier);
        list.Parameters.AddWithValue("id", dossierId);
        await using var reader = await list.ExecuteReaderAsync(cancellationToken);
        var found = new List<AttachmentInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new AttachmentInfo(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(5))));
        }

        return found;
    }

    /// <summary>One of the dossier's documents with its bytes; null when the dossier has no document of this id.</summary>
    public async Task<AttachmentContent?> ContentAsync(Guid dossierId, Guid attachmentId, CancellationToken cancellationToken)
    {
        await using var read = dataSource.CreateCommand(ReadContent);
        read.Parameters.AddWithValue("id", attachmentId);
        read.Parameters.AddWithValue("dossier", dossierId);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new AttachmentContent(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2)) : null;
    }

    /// <summary>Deletes uploads that no submission took within <paramref name="lifetime"/>; returns how many went.</summary>
    public async Task<int> DeleteAbandonedAsync(TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await using var delete = dataSource.CreateCommand(DeleteStagedBefore);
        delete.Parameters.AddWithValue("before", (clock.GetUtcNow() - lifetime).ToUniversalTime());
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Moves staged files onto a dossier, inside the transaction of the event that brings them (a supplement).</summary>
    public static async Task AttachAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid dossierId, string ownerId, IReadOnlyList<AttachedDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return;
        }

        await using var move = new NpgsqlCommand(SubmissionSql.MoveAttachments, connection, transaction);
        BindMoves(move.Parameters, [.. documents.Select(document => new AttachmentMove(document.AttachmentId, ownerId, dossierId, document.DocumentCode))]);
        await using var reader = await move.ExecuteReaderAsync(cancellationToken);
        if (NotMoved(documents.Select(document => document.AttachmentId), await ReadMovedAsync(reader)) is { } missing)
        {
            throw new DocumentNotStagedException(missing);
        }
    }

    /// <summary>The parameters of <see cref="SubmissionSql.MoveAttachments"/>: one element per document.</summary>
    internal static void BindMoves(NpgsqlParameterCollection parameters, IReadOnlyList<AttachmentMove> moves)
    {
        parameters.AddWithValue("attachments", moves.Select(move => move.AttachmentId).ToArray());
        parameters.AddWithValue("owners", moves.Select(move => move.Owner).ToArray());
        parameters.AddWithValue("dossiers", moves.Select(move => move.DossierId).ToArray());
        parameters.AddWithValue("document_codes", moves.Select(move => move.DocumentCode).ToArray());
    }

    /// <summary>The ids <see cref="SubmissionSql.MoveAttachments"/> moved, read from its result.</summary>
    internal static async Task<HashSet<Guid>> ReadMovedAsync(NpgsqlDataReader reader)
    {
        var moved = new HashSet<Guid>();
        while (await reader.ReadAsync())
        {
            moved.Add(reader.GetGuid(0));
        }

        return moved;
    }

    /// <summary>The first of <paramref name="requested"/> that was not moved, if any.</summary>
    internal static Guid? NotMoved(IEnumerable<Guid> requested, HashSet<Guid> moved) =>
        requested.Where(id => !moved.Contains(id)).Select(id => (Guid?)id).FirstOrDefault();
}

/// <summary>A dossier's document as it was uploaded: its original name, type and bytes.</summary>
internal sealed record AttachmentContent(string FileName, string ContentType, byte[] Content);

/// <summary>A staged file to move onto a dossier, only from its uploader.</summary>
internal sealed record AttachmentMove(Guid AttachmentId, string Owner, Guid DossierId, string DocumentCode);
