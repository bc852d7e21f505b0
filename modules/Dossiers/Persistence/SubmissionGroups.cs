using System.Collections.Concurrent;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Domain;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>A submission waiting for the transaction that will commit it.</summary>
internal sealed record PendingSubmission(NewDossier Dossier, Func<string, DossierEvent> FirstEvent, string? IdempotencyKey)
{
    public TaskCompletionSource<StartedDossier> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>A submission refused inside its group (its documents are no longer staged); the rest of the group commits.</summary>
internal sealed class SubmissionRefusedException(string message) : Exception(message);

/// <summary>
/// Commits concurrent submissions together: whatever has queued while the previous group was being written goes
/// into one transaction, one WAL flush, each submission inside its own savepoint so that one that fails is rolled
/// back alone. No submission is answered before the transaction holding it has committed; if the commit fails,
/// every submission of the group fails and none is acknowledged. One writer per process, so groups from one silo
/// never wait on each other; code sequences are taken in agency and day order, so groups from two silos never
/// wait on each other in a circle.
/// </summary>
internal sealed class SubmissionGroups(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// At most this many submissions per transaction: PostgreSQL caches 64 subtransactions per backend, so groups stay
    /// under it.
    /// </summary>
    public const int MaxGroup = 50;

    private const string UniqueViolation = "23505";
    private readonly ConcurrentQueue<PendingSubmission> queue = new();
    private int writing;

    /// <summary>The most submissions one transaction has committed so far.</summary>
    public int LargestGroup { get; private set; }

    public Task<StartedDossier> SubmitAsync(PendingSubmission submission)
    {
        queue.Enqueue(submission);
        if (Interlocked.CompareExchange(ref writing, 1, 0) == 0)
        {
            _ = Task.Run(WriteGroupsAsync);
        }

        return submission.Outcome.Task;
    }

    private async Task WriteGroupsAsync()
    {
        while (true)
        {
            var group = new List<PendingSubmission>();
            while (group.Count < MaxGroup && queue.TryDequeue(out var next))
            {
                group.Add(next);
            }

            if (group.Count == 0)
            {
                Volatile.Write(ref writing, 0);
                // A submission queued after the last look but before the flag went down would otherwise wait forever.
                if (queue.IsEmpty || Interlocked.CompareExchange(ref writing, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            LargestGroup = Math.Max(LargestGroup, group.Count);
            await CommitAsync(group);
        }
    }

    private async Task CommitAsync(List<PendingSubmission> group)
    {
        var outcomes = new StartedDossier?[group.Count];
        var refusals = new Exception?[group.Count];
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var order = Enumerable.Range(0, group.Count)
                .OrderBy(index => group[index].Dossier.Agency, StringComparer.Ordinal)
                .ThenBy(index => group[index].Dossier.ReceivedAt);
            foreach (var index in order)
            {
                try
                {
                    outcomes[index] = await WriteAsync(connection, group[index]);
                }
                catch (Exception exception) when (exception is PostgresException or SubmissionRefusedException)
                {
                    await using var undo = new NpgsqlCommand("ROLLBACK TO SAVEPOINT submission", connection);
                    await undo.ExecuteNonQueryAsync();
                    // The same submission raced itself (a retry during a silo fail-over): the one committed first is the dossier.
                    refusals[index] = exception is PostgresException { SqlState: UniqueViolation } && group[index].IdempotencyKey is not null ? null : exception;
                }
            }

            await transaction.CommitAsync();
            for (var index = 0; index < group.Count; index++)
            {
                var submission = group[index];
                if (refusals[index] is { } refusal)
                {
                    submission.Outcome.TrySetException(refusal);
                }
                else if (outcomes[index] is { } outcome)
                {
                    submission.Outcome.TrySetResult(outcome);
                }
                else
                {
                    await using var find = FindSubmission(connection, submission.Dossier.ApplicantId, submission.IdempotencyKey!);
                    submission.Outcome.TrySetResult(await ReadFoundAsync(find)
                        ?? throw new InvalidOperationException("A submission was both taken and missing."));
                }
            }
        }
        catch (Exception exception)
        {
            foreach (var submission in group)
            {
                submission.Outcome.TrySetException(exception);
            }
        }
    }

    /// <summary>One submission in two round trips, inside the savepoint <c>submission</c>; null when it must be looked up after the commit.</summary>
    private static async Task<StartedDossier?> WriteAsync(NpgsqlConnection connection, PendingSubmission submission)
    {
        var dossier = submission.Dossier;
        await using var first = new NpgsqlBatch(connection);
        first.BatchCommands.Add(new NpgsqlBatchCommand("SAVEPOINT submission"));
        if (submission.IdempotencyKey is not null)
        {
            first.BatchCommands.Add(FindSubmission(dossier.ApplicantId, submission.IdempotencyKey));
        }

        var next = new NpgsqlBatchCommand(SubmissionSql.NextCode);
        next.Parameters.AddWithValue("agency", dossier.Agency);
        next.Parameters.AddWithValue("day", VietnamTime.DayOf(dossier.ReceivedAt));
        first.BatchCommands.Add(next);
        int number;
        StartedDossier? earlier = null;
        await using (var reader = await first.ExecuteReaderAsync())
        {
            if (submission.IdempotencyKey is not null)
            {
                earlier = await ReadFoundAsync(reader);
                await reader.NextResultAsync();
            }

            await reader.ReadAsync();
            number = reader.GetInt32(0);
        }

        if (earlier is not null)
        {
            // Found: the code just taken goes back, so the agency's sequence stays gap-free.
            await using var undo = new NpgsqlCommand("ROLLBACK TO SAVEPOINT submission", connection);
            await undo.ExecuteNonQueryAsync();
            return earlier;
        }

        var code = DossierCodes.Format(dossier.Agency, VietnamTime.DayOf(dossier.ReceivedAt), number);
        var entry = submission.FirstEvent(code);
        await using var rest = new NpgsqlBatch(connection);
        var insertEvent = new NpgsqlBatchCommand(SubmissionSql.InsertEvent);
        DossierEventStore.BindEvent(insertEvent.Parameters, entry);
        rest.BatchCommands.Add(insertEvent);
        rest.BatchCommands.Add(InsertDossier(dossier, code, entry));
        var moves = new List<NpgsqlBatchCommand>();
        foreach (var document in dossier.Documents)
        {
            var move = new NpgsqlBatchCommand(SubmissionSql.MoveAttachment);
            move.Parameters.AddWithValue("id", document.AttachmentId);
            move.Parameters.AddWithValue("owner", dossier.AttachmentOwner);
            move.Parameters.AddWithValue("dossier", dossier.Id);
            move.Parameters.AddWithValue("code", document.DocumentCode);
            rest.BatchCommands.Add(move);
            moves.Add(move);
        }

        if (submission.IdempotencyKey is not null)
        {
            var remember = new NpgsqlBatchCommand(SubmissionSql.RememberSubmission);
            remember.Parameters.AddWithValue("applicant", dossier.ApplicantId);
            remember.Parameters.AddWithValue("key", submission.IdempotencyKey);
            remember.Parameters.AddWithValue("id", dossier.Id);
            rest.BatchCommands.Add(remember);
        }

        await rest.ExecuteNonQueryAsync();
        if (moves.FindIndex(move => move.RecordsAffected != 1) is var missing and >= 0)
        {
            throw new SubmissionRefusedException($"Attachment {dossier.Documents[missing].AttachmentId} is no longer staged for this applicant.");
        }

        return new StartedDossier(dossier.Id, code, Created: true, entry);
    }

    private static NpgsqlBatchCommand InsertDossier(NewDossier dossier, string code, DossierEvent first)
    {
        var insert = new NpgsqlBatchCommand(SubmissionSql.InsertDossier);
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
        return insert;
    }

    private static NpgsqlBatchCommand FindSubmission(string applicantId, string key)
    {
        var find = new NpgsqlBatchCommand(SubmissionSql.FindSubmission);
        find.Parameters.AddWithValue("applicant", applicantId);
        find.Parameters.AddWithValue("key", key);
        return find;
    }

    private static NpgsqlCommand FindSubmission(NpgsqlConnection connection, string applicantId, string key)
    {
        var find = new NpgsqlCommand(SubmissionSql.FindSubmission, connection);
        find.Parameters.AddWithValue("applicant", applicantId);
        find.Parameters.AddWithValue("key", key);
        return find;
    }

    private static async Task<StartedDossier?> ReadFoundAsync(NpgsqlCommand find)
    {
        await using var reader = await find.ExecuteReaderAsync();
        return await ReadFoundAsync(reader);
    }

    private static async Task<StartedDossier?> ReadFoundAsync(NpgsqlDataReader reader) =>
        await reader.ReadAsync() ? new StartedDossier(reader.GetGuid(0), reader.GetString(1), Created: false) : null;
}
