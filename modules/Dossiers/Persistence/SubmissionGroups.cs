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

/// <summary>
/// A document named by a submission or a supplement is not (or no longer) staged by its uploader: someone else's
/// upload, a mistyped id, or one already attached. Found by the statement that moves it, so the check and the move
/// cannot drift apart; the transaction is rolled back and the rest of a submission group commits without it.
/// </summary>
internal sealed class DocumentNotStagedException(Guid attachmentId)
    : Exception($"No uploaded document of yours waits with id {attachmentId}.");

/// <summary>
/// Commits concurrent submissions together: whatever has queued while the previous group was being written goes
/// into one transaction and one WAL flush, written in three round trips however large the group. If one
/// submission cannot be written (its documents gone, a retry racing itself), the group's transaction is rolled
/// back and each is written alone, so it fails alone and the codes stay gap-free. No submission is answered before the
/// transaction holding it has committed; if the commit fails, every submission of the group fails and none is
/// acknowledged. Code sequences are taken in agency and day order in every group, so groups written at once (by
/// this process's writers or another silo's) wait on each other at most, never in a circle.
/// </summary>
internal sealed class SubmissionGroups(NpgsqlDataSource dataSource, int writers = SubmissionGroups.DefaultWriters)
{
    /// <summary>Groups written at once by one process: while one waits for its commit, the next is being written.</summary>
    public const int DefaultWriters = 4;

    /// <summary>At most this many submissions per transaction.</summary>
    public const int MaxGroup = 100;

    private const string UniqueViolation = "23505";
    private readonly ConcurrentQueue<PendingSubmission> queue = new();
    private int running;

    /// <summary>The most submissions one transaction has committed so far.</summary>
    public int LargestGroup { get; private set; }

    public Task<StartedDossier> SubmitAsync(PendingSubmission submission)
    {
        queue.Enqueue(submission);
        StartWriterIfIdle();
        return submission.Outcome.Task;
    }

    private void StartWriterIfIdle()
    {
        while (Volatile.Read(ref running) is var current && current < writers)
        {
            if (Interlocked.CompareExchange(ref running, current + 1, current) == current)
            {
                _ = Task.Run(WriteGroupsAsync);
                return;
            }
        }
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
                Interlocked.Decrement(ref running);
                // A submission queued after the last look, while every writer was busy, would otherwise wait forever.
                if (!queue.IsEmpty)
                {
                    StartWriterIfIdle();
                }

                return;
            }

            LargestGroup = Math.Max(LargestGroup, group.Count);
            await CommitAsync(group);
        }
    }

    private async Task CommitAsync(List<PendingSubmission> group)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            var remaining = group.OrderBy(submission => submission.Dossier.Agency, StringComparer.Ordinal)
                .ThenBy(submission => submission.Dossier.ReceivedAt)
                .ToList();
            bool written;
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                var (outcomes, failed) = await WriteAsync(connection, remaining);
                written = failed is null;
                if (written)
                {
                    await transaction.CommitAsync();
                    await SettleAsync(connection, outcomes);
                }
                else
                {
                    await transaction.RollbackAsync();
                }
            }

            if (!written)
            {
                // One of them could not be written (its documents gone, a retry racing itself): nothing of the group
                // stayed, the codes it took went back, and each is now written alone, so it fails alone.
                foreach (var submission in remaining)
                {
                    await using var transaction = await connection.BeginTransactionAsync();
                    var (outcomes, failed) = await WriteAsync(connection, [submission]);
                    if (failed is { } alone)
                    {
                        await transaction.RollbackAsync();
                        await SettleAsync(connection, [alone]);
                    }
                    else
                    {
                        await transaction.CommitAsync();
                        await SettleAsync(connection, outcomes);
                    }
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

    /// <summary>Answers each submission, only ever after the transaction that decided it has ended.</summary>
    private static async Task SettleAsync(NpgsqlConnection connection, List<(PendingSubmission Submission, StartedDossier? Outcome, Exception? Refusal)> outcomes)
    {
        foreach (var (submission, started, refusal) in outcomes)
        {
            if (refusal is not null)
            {
                submission.Outcome.TrySetException(refusal);
            }
            else if (started is not null)
            {
                submission.Outcome.TrySetResult(started);
            }
            else
            {
                await using var find = FindSubmission(connection, submission.Dossier.ApplicantId, submission.IdempotencyKey!);
                submission.Outcome.TrySetResult(await ReadFoundAsync(find) ?? throw new InvalidOperationException("A submission was both taken and missing."));
            }
        }
    }

    /// <summary>
    /// Writes the group in three round trips (look up retried submissions, take codes, insert everything). Returns
    /// what each submission came to, or, when one could not be written, a failure (the caller rolls back) that names
    /// the submission when the group is of one.
    /// </summary>
    private static async Task<(List<(PendingSubmission Submission, StartedDossier? Outcome, Exception? Refusal)> Written,
        (PendingSubmission Submission, StartedDossier? Outcome, Exception? Refusal)? Failed)> WriteAsync(NpgsqlConnection connection, List<PendingSubmission> group)
    {
        var written = new List<(PendingSubmission, StartedDossier?, Exception?)>();
        var keyed = group.Where(submission => submission.IdempotencyKey is not null).ToList();
        var fresh = group;
        if (keyed.Count > 0)
        {
            await using var find = new NpgsqlBatch(connection);
            keyed.ForEach(submission => find.BatchCommands.Add(FindSubmission(submission.Dossier.ApplicantId, submission.IdempotencyKey!)));
            var earlier = new HashSet<PendingSubmission>();
            await using (var reader = await find.ExecuteReaderAsync())
            {
                foreach (var submission in keyed)
                {
                    if (await ReadFoundAsync(reader) is { } found)
                    {
                        written.Add((submission, found, null));
                        earlier.Add(submission);
                    }

                    await reader.NextResultAsync();
                }
            }

            fresh = [.. group.Where(submission => !earlier.Contains(submission))];
        }

        if (fresh.Count == 0)
        {
            return (written, null);
        }

        await using var codes = new NpgsqlBatch(connection);
        foreach (var submission in fresh)
        {
            var next = new NpgsqlBatchCommand(SubmissionSql.NextCode);
            next.Parameters.AddWithValue("agency", submission.Dossier.Agency);
            next.Parameters.AddWithValue("day", VietnamTime.DayOf(submission.Dossier.ReceivedAt));
            codes.BatchCommands.Add(next);
        }

        var numbers = new List<int>();
        await using (var reader = await codes.ExecuteReaderAsync())
        {
            do
            {
                await reader.ReadAsync();
                numbers.Add(reader.GetInt32(0));
            }
            while (await reader.NextResultAsync());
        }

        await using var inserts = new NpgsqlBatch(connection);
        var moves = new List<(NpgsqlBatchCommand Move, PendingSubmission Submission, Guid AttachmentId)>();
        var started = new List<(PendingSubmission, StartedDossier?, Exception?)>();
        foreach (var (submission, number) in fresh.Zip(numbers))
        {
            var dossier = submission.Dossier;
            var code = DossierCodes.Format(dossier.Agency, VietnamTime.DayOf(dossier.ReceivedAt), number);
            var entry = submission.FirstEvent(code);
            var commands = new List<NpgsqlBatchCommand>();
            var insertEvent = new NpgsqlBatchCommand(SubmissionSql.InsertEvent);
            DossierEventStore.BindEvent(insertEvent.Parameters, entry);
            commands.Add(insertEvent);
            commands.Add(InsertDossier(dossier, code, entry));
            foreach (var document in dossier.Documents)
            {
                var move = new NpgsqlBatchCommand(SubmissionSql.MoveAttachment);
                move.Parameters.AddWithValue("id", document.AttachmentId);
                move.Parameters.AddWithValue("owner", dossier.AttachmentOwner);
                move.Parameters.AddWithValue("dossier", dossier.Id);
                move.Parameters.AddWithValue("code", document.DocumentCode);
                commands.Add(move);
                moves.Add((move, submission, document.AttachmentId));
            }

            if (submission.IdempotencyKey is not null)
            {
                var remember = new NpgsqlBatchCommand(SubmissionSql.RememberSubmission);
                remember.Parameters.AddWithValue("applicant", dossier.ApplicantId);
                remember.Parameters.AddWithValue("key", submission.IdempotencyKey);
                remember.Parameters.AddWithValue("id", dossier.Id);
                commands.Add(remember);
            }

            foreach (var command in commands)
            {
                inserts.BatchCommands.Add(command);
            }

            started.Add((submission, new StartedDossier(dossier.Id, code, Created: true, entry), null));
        }

        try
        {
            await inserts.ExecuteNonQueryAsync();
        }
        catch (PostgresException exception)
        {
            // Alone, the submission is known; in a group, the caller writes each alone to find it. The same submission
            // racing itself (a retry during a silo fail-over) is no failure: the one committed first is the dossier.
            var submission = group[0];
            return (written, exception.SqlState == UniqueViolation && submission.IdempotencyKey is not null
                ? (submission, null, null)
                : (submission, null, exception));
        }

        if (moves.FirstOrDefault(move => move.Move.RecordsAffected != 1) is { Move: not null } gone)
        {
            return (written, (gone.Submission, null, new DocumentNotStagedException(gone.AttachmentId)));
        }

        written.AddRange(started);
        return (written, null);
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
