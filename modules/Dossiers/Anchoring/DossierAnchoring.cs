using Microsoft.Extensions.Logging;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Anchoring;

/// <summary>
/// Anchors every chain head changed since the last anchor: one Merkle root over (dossier id, version, head hash),
/// signed with the platform's key, timestamped by the TSA and written as a file outside the database. One replica
/// at a time: the others find the advisory lock taken and leave the round to it.
/// </summary>
internal sealed partial class DossierAnchoring(
    NpgsqlDataSource dataSource, AnchoringOptions options, AnchorKey key, TimestampClient timestamps, TimeProvider time, ILogger<DossierAnchoring> logger)
{
    /// <summary>The advisory lock of the anchoring round (any fixed number no other lock of the platform uses).</summary>
    private const long LockKey = 0x4845_4741_4e43_4852;

    private const string TryLock = "SELECT pg_try_advisory_xact_lock(@key)";

    private const string MarkAnchored =
        """
        INSERT INTO dossiers.anchored_heads (dossier_id, version, anchor_id, anchored_at)
        SELECT id, version, @anchor, @at FROM unnest(@ids::uuid[], @versions::integer[]) AS t(id, version)
        ON CONFLICT (dossier_id) DO UPDATE SET version = excluded.version, anchor_id = excluded.anchor_id, anchored_at = excluded.anchored_at
        """;

    /// <summary>The heads of the dossiers whose version is not the one last anchored.</summary>
    private const string ChangedHeads =
        """
        SELECT d.id, d.version, d.head_hash FROM dossiers.dossiers d
        LEFT JOIN dossiers.anchored_heads a ON a.dossier_id = d.id
        WHERE a.version IS DISTINCT FROM d.version
        ORDER BY d.id
        """;

    /// <summary>Anchors the changed heads now; null when nothing changed or another replica is anchoring.</summary>
    public async Task<AnchorFile?> AnchorAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand(TryLock, connection, transaction))
        {
            take.Parameters.AddWithValue("key", LockKey);
            if (await take.ExecuteScalarAsync(cancellationToken) is not true)
            {
                LogBusy(logger);
                return null;
            }
        }

        var heads = await ChangedHeadsAsync(connection, transaction, cancellationToken);
        if (heads.Count == 0)
        {
            return null;
        }

        var tree = new MerkleTree([.. heads.Select(head => head.LeafHash())]);
        var createdAt = time.GetUtcNow();
        var root = Convert.ToHexStringLower(tree.Root);
        var id = $"{createdAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{root[..12]}";
        var signature = key.Sign(tree.Root, createdAt);
        var token = await timestamps.TimestampAsync(tree.Root, cancellationToken);
        var anchor = new AnchorFile(AnchorFile.CurrentFormat, id, createdAt, root, heads, Convert.ToBase64String(signature), Convert.ToBase64String(token));
        var path = anchor.Write(options.AnchorsDirectory);

        // Marked only after the file exists: a round that fails after writing it anchors the same heads again next time.
        await using (var mark = new NpgsqlCommand(MarkAnchored, connection, transaction))
        {
            mark.Parameters.AddWithValue("anchor", id);
            mark.Parameters.AddWithValue("at", createdAt);
            mark.Parameters.AddWithValue("ids", heads.Select(head => head.Dossier).ToArray());
            mark.Parameters.AddWithValue("versions", heads.Select(head => head.Version).ToArray());
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogAnchored(logger, id, root, heads.Count, path);
        return anchor;
    }

    /// <summary>Heads whose version differs from the one last anchored, in dossier id order (uuid order is byte order, the leaves' order).</summary>
    private static async Task<List<AnchoredHead>> ChangedHeadsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var changed = new NpgsqlCommand(ChangedHeads, connection, transaction);
        await using var reader = await changed.ExecuteReaderAsync(cancellationToken);
        var heads = new List<AnchoredHead>();
        while (await reader.ReadAsync(cancellationToken))
        {
            heads.Add(new AnchoredHead(reader.GetGuid(0), reader.GetInt32(1), Convert.ToHexStringLower(reader.GetFieldValue<byte[]>(2))));
        }

        return heads;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Anchored {Count} dossier head(s) as anchor {AnchorId}, Merkle root {Root}, written to {Path}")]
    private static partial void LogAnchored(ILogger logger, string anchorId, string root, int count, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Another replica is anchoring; this one leaves the round to it")]
    private static partial void LogBusy(ILogger logger);
}

/// <summary>Runs an anchoring round every <see cref="AnchoringOptions.Interval"/> from the host's start; a failed round is logged and the next one takes its heads too.</summary>
internal sealed partial class AnchoringService(DossierAnchoring anchoring, AnchoringOptions options, TimeProvider time, ILogger<AnchoringService> logger)
    : Microsoft.Extensions.Hosting.BackgroundService
{
    // Started with the host, not when ExecuteAsync gets a thread, so the first round comes one interval after the start.
    private readonly PeriodicTimer timer = new(options.Interval, time);

    public override void Dispose()
    {
        timer.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await anchoring.AnchorAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anchoring round failed; the heads it would have anchored wait for the next round")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
