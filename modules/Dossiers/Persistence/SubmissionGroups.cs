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
/// An agency has given all 9,999 numbers of a day's dossier codes (Circular 01/2018/TT-VPCP art. 19 gives the number
/// four digits): the submission is refused, nothing is stored, and the numbers come back the next day.
/// </summary>
internal sealed class DailyNumbersExhaustedException(string agency, DateOnly day)
    : Exception($"Agency {agency} has given all {DossierCodes.LastNumber} dossier numbers of {day:yyyy-MM-dd}; submissions to it are received again from 00:00 (UTC+7) the next day.")
{
    public DateOnly Day => day;
}

/// <summary>
/// Commits concurrent submissions together: whatever has queued while the previous group was being written goes
/// into one transaction and one WAL flush, written in two round trips of one statement per table however large the group. If one
/// submission cannot be written (its documents gone, or a retry of a submission already recorded: its id is taken), the
/// group's transaction is rolled back and each is written alone, so it fails (or finds its dossier) alone and the codes
/// stay gap-free. Retries are rare, so they are found by the conflict they cause rather than looked up in every group. No submission is answered before the
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
            if (remaining.Count > 1 && await TryCommitTogetherAsync(connection, remaining))
            {
                return;
            }

            // One of them could not be written (its documents gone, a retry racing itself, its agency out of numbers for
            // the day, a constraint nobody expected): nothing of the group stayed, the codes it took went back, and each
            // is now written alone, so it fails alone.
            foreach (var submission in remaining)
            {
                await CommitAloneAsync(connection, submission);
            }
        }
        catch (Exception exception)
        {
            // The connection or a commit failed: whatever was not answered yet is not acknowledged.
            foreach (var submission in group)
            {
                submission.Outcome.TrySetException(exception);
            }
        }
    }

    /// <summary>Writes and commits the group in one transaction; false, with nothing kept, when any part of it could not be written.</summary>
    private static async Task<bool> TryCommitTogetherAsync(NpgsqlConnection connection, List<PendingSubmission> group)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        List<(PendingSubmission Submission, StartedDossier? Outcome, Exception? Refusal)> outcomes;
        try
        {
            var (written, failed) = await WriteAsync(connection, group);
            if (failed is not null)
            {
                await transaction.RollbackAsync();
                return false;
            }

            outcomes = written;
        }
        catch (Exception exception) when (exception is not NpgsqlException || exception is PostgresException)
        {
            await transaction.RollbackAsync();
            return false;
        }

        // Past this point the outcome of a failure is unknown: the group is not written again, its submissions fail.
        await transaction.CommitAsync();
        await SettleAsync(connection, outcomes);
        return true;
    }

    /// <summary>Writes one submission in its own transaction; whatever goes wrong answers this submission only.</summary>
    private static async Task CommitAloneAsync(NpgsqlConnection connection, PendingSubmission submission)
    {
        try
        {
            await using var transaction = await connection.BeginTransactionAsync();
            List<(PendingSubmission Submission, StartedDossier? Outcome, Exception? Refusal)> outcomes;
            try
            {
                var (written, failed) = await WriteAsync(connection, [submission]);
                if (failed is { } alone)
                {
                    await transaction.RollbackAsync();
                    await SettleAsync(connection, [alone]);
                    return;
                }

                outcomes = written;
            }
            catch (Exception refusal) when (refusal is not NpgsqlException || refusal is PostgresException)
            {
                await transaction.RollbackAsync();
                submission.Outcome.TrySetException(refusal);
                return;
            }

            await transaction.CommitAsync();
            await SettleAsync(connection, outcomes);
        }
        catch (Exception exception)
        {
            submission.Outcome.TrySetException(exception);
            throw;
        }
    }

    /// <summary>Answers each submission, only ever after the transaction that decided it has ended.</summary>
    private static async Task SettleAsync(NpgsqlConnection connection, List<(PendingSubmission Submission, StartedDossier? Outcome, Exception? Refusal)> outcomes)
    {
        foreach (var (submission, started, refusal) in outcomes)
        {
            if (started is not null)
            {
                submission.Outcome.TrySetResult(started);
            }
            else if (refusal is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && submission.IdempotencyKey is not null
                && (await FindAsync(connection, [submission])).TryGetValue(submission, out var earlier))
            {
                // A retry (or the same submission racing itself during a silo fail-over): the one committed first is the dossier.
                submission.Outcome.TrySetResult(earlier);
            }
            else
            {
                submission.Outcome.TrySetException(refusal ?? new InvalidOperationException("A submission came to nothing."));
            }
        }
    }

    /// <summary>
    /// Writes the group in two round trips (take codes, insert everything), each one statement per table whatever the
    /// group's size. Returns what each submission came to, or, when one could not be written, a failure (the caller
    /// rolls back) that names the submission when the group is of one; a conflict on a retried submission's id, alone,
    /// is no failure: the caller finds the dossier recorded first.
    /// </summary>
    private static async Task<(List<(PendingSubmission Submission, StartedDossier? Outcome, Exception? Refusal)> Written,
        (PendingSubmission Submission, StartedDossier? Outcome, Exception? Refusal)? Failed)> WriteAsync(NpgsqlConnection connection, List<PendingSubmission> group)
    {
        var written = new List<(PendingSubmission, StartedDossier?, Exception?)>();
        var entries = await TakeCodesAsync(connection, group);
        await using var inserts = new NpgsqlBatch(connection);
        var events = new NpgsqlBatchCommand(SubmissionSql.InsertEvents);
        DossierEventStore.BindEvents(events.Parameters, [.. entries.Select(entry => entry.First)]);
        inserts.BatchCommands.Add(events);
        inserts.BatchCommands.Add(InsertDossiers(entries));
        var moves = entries.SelectMany(entry => entry.Submission.Dossier.Documents.Select(document =>
            (entry.Submission, Move: new AttachmentMove(document.AttachmentId, entry.Submission.Dossier.AttachmentOwner, entry.Submission.Dossier.Id, document.DocumentCode))))
            .ToList();
        if (moves.Count > 0)
        {
            var move = new NpgsqlBatchCommand(SubmissionSql.MoveAttachments);
            AttachmentStore.BindMoves(move.Parameters, [.. moves.Select(entry => entry.Move)]);
            inserts.BatchCommands.Add(move);
        }

        var keyed = entries.Where(entry => entry.Submission.IdempotencyKey is not null).Select(entry => entry.Submission).ToList();
        if (keyed.Count > 0)
        {
            var remember = new NpgsqlBatchCommand(SubmissionSql.RememberSubmissions);
            remember.Parameters.AddWithValue("applicants", keyed.Select(submission => submission.Dossier.ApplicantId).ToArray());
            remember.Parameters.AddWithValue("keys", keyed.Select(submission => submission.IdempotencyKey!).ToArray());
            remember.Parameters.AddWithValue("ids", keyed.Select(submission => submission.Dossier.Id).ToArray());
            inserts.BatchCommands.Add(remember);
        }

        var moved = new HashSet<Guid>();
        try
        {
            await using var reader = await inserts.ExecuteReaderAsync();
            do
            {
                moved.UnionWith(await AttachmentStore.ReadMovedAsync(reader));
            }
            while (await reader.NextResultAsync());
        }
        catch (PostgresException exception)
        {
            // Alone, the submission is known; in a group, the caller writes each alone to find it.
            return (written, (group[0], null, exception));
        }

        if (AttachmentStore.NotMoved(moves.Select(entry => entry.Move.AttachmentId), moved) is { } missing)
        {
            return (written, (moves.First(entry => entry.Move.AttachmentId == missing).Submission, null, new DocumentNotStagedException(missing)));
        }

        written.AddRange(entries.Select(entry => (entry.Submission, (StartedDossier?)new StartedDossier(entry.Submission.Dossier.Id, entry.Code, Created: true, entry.First), (Exception?)null)));
        return (written, null);
    }

    /// <summary>The submissions of <paramref name="group"/> recorded before under the same Idempotency-Key (hence id).</summary>
    private static async Task<Dictionary<PendingSubmission, StartedDossier>> FindAsync(NpgsqlConnection connection, List<PendingSubmission> group)
    {
        var keyed = group.Where(submission => submission.IdempotencyKey is not null).ToList();
        var found = new Dictionary<PendingSubmission, StartedDossier>();
        if (keyed.Count == 0)
        {
            return found;
        }

        await using var find = new NpgsqlCommand(SubmissionSql.FindSubmissions, connection);
        find.Parameters.AddWithValue("ids", keyed.Select(submission => submission.Dossier.Id).ToArray());
        await using var reader = await find.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var id = reader.GetGuid(0);
            foreach (var submission in keyed.Where(submission => submission.Dossier.Id == id))
            {
                found[submission] = new StartedDossier(id, reader.GetString(1), Created: false);
            }
        }

        return found;
    }

    /// <summary>Takes each submission's code, numbering an agency's submissions of a day in the group's order.</summary>
    private static async Task<List<(PendingSubmission Submission, string Code, DossierEvent First)>> TakeCodesAsync(NpgsqlConnection connection, List<PendingSubmission> fresh)
    {
        var days = fresh.GroupBy(submission => (Agency: submission.Dossier.Receiver, Day: VietnamTime.DayOf(submission.Dossier.ReceivedAt)))
            .OrderBy(day => day.Key.Agency, StringComparer.Ordinal)
            .ThenBy(day => day.Key.Day)
            .ToList();
        await using var take = new NpgsqlCommand(SubmissionSql.TakeCodes, connection);
        take.Parameters.AddWithValue("agencies", days.Select(day => day.Key.Agency).ToArray());
        take.Parameters.AddWithValue("days", days.Select(day => day.Key.Day).ToArray());
        var counts = days.ToDictionary(day => day.Key, day => day.Count());
        take.Parameters.AddWithValue("counts", days.Select(day => counts[day.Key]).ToArray());
        var next = new Dictionary<(string, DateOnly), int>();
        await using (var reader = await take.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var key = (reader.GetString(0), reader.GetFieldValue<DateOnly>(1));
                next[key] = reader.GetInt32(2) - counts[key] + 1;
            }
        }

        var entries = new List<(PendingSubmission, string, DossierEvent)>(fresh.Count);
        foreach (var submission in fresh)
        {
            var key = (Agency: submission.Dossier.Receiver, VietnamTime.DayOf(submission.Dossier.ReceivedAt));
            if (next[key] > DossierCodes.LastNumber)
            {
                throw new DailyNumbersExhaustedException(key.Agency, key.Item2);
            }

            var code = DossierCodes.Format(key.Agency, key.Item2, next[key]++);
            entries.Add((submission, code, submission.FirstEvent(code)));
        }

        return entries;
    }

    private static NpgsqlBatchCommand InsertDossiers(List<(PendingSubmission Submission, string Code, DossierEvent First)> entries)
    {
        var insert = new NpgsqlBatchCommand(SubmissionSql.InsertDossiers);
        var dossiers = entries.Select(entry => entry.Submission.Dossier).ToList();
        insert.Parameters.AddWithValue("ids", dossiers.Select(dossier => dossier.Id).ToArray());
        insert.Parameters.AddWithValue("codes", entries.Select(entry => entry.Code).ToArray());
        insert.Parameters.AddWithValue("procedures", dossiers.Select(dossier => dossier.ProcedureCode).ToArray());
        insert.Parameters.AddWithValue("procedure_versions", dossiers.Select(dossier => dossier.ProcedureVersion).ToArray());
        insert.Parameters.AddWithValue("agencies", dossiers.Select(dossier => dossier.Agency).ToArray());
        insert.Parameters.AddWithValue("receiving_agencies", dossiers.Select(dossier => dossier.Receiver).ToArray());
        insert.Parameters.AddWithValue("applicants", dossiers.Select(dossier => dossier.ApplicantId).ToArray());
        insert.Parameters.AddWithValue("applicant_names", dossiers.Select(dossier => dossier.ApplicantName).ToArray());
        insert.Parameters.AddWithValue("folded", dossiers.Select(dossier => VietnameseText.Fold(dossier.ApplicantName)).ToArray());
        insert.Parameters.AddWithValue("channels", dossiers.Select(dossier => dossier.Channel).ToArray());
        insert.Parameters.AddWithValue("statuses", entries.Select(entry => (short)entry.First.Status).ToArray());
        insert.Parameters.AddWithValue("received", dossiers.Select(dossier => dossier.ReceivedAt.ToUniversalTime()).ToArray());
        insert.Parameters.AddWithValue("due", dossiers.Select(dossier => dossier.DueAt.ToUniversalTime()).ToArray());
        insert.Parameters.AddWithValue("deadline_checks", dossiers.Select(dossier => dossier.DeadlineCheckAt?.ToUniversalTime()).ToArray());
        insert.Parameters.Add(new NpgsqlParameter("hashes", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea) { Value = entries.Select(entry => entry.First.Hash).ToArray() });
        return insert;
    }
}
