using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>Concurrent submissions committed together on the real PostgreSQL: none acknowledged uncommitted, none lost, none twice.</summary>
[Trait("Category", "Integration")]
public sealed class SubmissionGroupTests(LocalServersFixture servers)
{
    private static readonly Actor Citizen = new("citizen-1", "citizen", null);
    private static readonly DateTimeOffset Friday = new(2025, 10, 3, 9, 30, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task Racing_submissions_share_commits_and_each_acknowledged_one_is_stored_once_with_a_gap_free_code()
    {
        var (store, dataSource) = await CreateStoreAsync();

        var started = await Task.WhenAll(Enumerable.Range(0, 100).Select(number => StartAsync(store, $"key-{number}")));

        Assert.True(store.LargestGroup > 1, "no two submissions were committed together");
        Assert.All(started, dossier => Assert.True(dossier.Created));
        Assert.Equal(Enumerable.Range(1, 100).Select(number => $"00004-251003-{number:0000}"), started.Select(dossier => dossier.Code).Order(StringComparer.Ordinal));
        Assert.Equal((100L, 100L, 100L), await CountAsync(dataSource, started.Select(dossier => dossier.Id)));
    }

    [Fact]
    public async Task A_submission_whose_document_is_gone_fails_alone_and_the_rest_of_its_group_commits()
    {
        var (store, dataSource) = await CreateStoreAsync();
        var attachments = new AttachmentStore(dataSource, TimeProvider.System);
        var staged = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ =>
            attachments.StageAsync(Citizen.UserId, "to-khai.pdf", "application/pdf", "%PDF-1.4"u8.ToArray(), CancellationToken.None)));
        var good = staged.Select(document => (Id: Guid.NewGuid(), Document: document.Id)).ToList();
        var bad = (Id: Guid.NewGuid(), Document: Guid.NewGuid());

        var order = good.Append(bad).OrderBy(_ => Random.Shared.Next()).ToList();
        var outcomes = await WhileTheFirstWaitsAsync(dataSource, order.Select(submission => (Func<Task<(StartedDossier? Dossier, Exception? Failure)>>)(
            () => Capture(StartAsync(store, $"key-{submission.Id}", submission.Document)))));
        var attempts = order.Zip(outcomes, (submission, outcome) => (submission.Id, Outcome: outcome)).ToList();

        Assert.Equal(30, store.LargestGroup);
        Assert.IsType<DocumentNotStagedException>(attempts.Single(attempt => attempt.Id == bad.Id).Outcome.Failure);
        var accepted = attempts.Where(attempt => attempt.Id != bad.Id).Select(attempt => attempt.Outcome.Dossier!).ToList();
        Assert.All(accepted, dossier => Assert.True(dossier.Created));
        Assert.Equal(Enumerable.Range(1, 30).Select(number => $"00004-251003-{number:0000}"), accepted.Select(dossier => dossier.Code).Order(StringComparer.Ordinal));
        Assert.Equal((30L, 30L, 30L), await CountAsync(dataSource, accepted.Select(dossier => dossier.Id)));
        Assert.Equal((0L, 0L, 0L), await CountAsync(dataSource, [IdOf($"key-{bad.Id}")]));
    }

    [Fact]
    public async Task Retries_of_one_submission_racing_into_the_same_group_make_one_dossier()
    {
        var (store, dataSource) = await CreateStoreAsync();
        var id = IdOf("submit-42");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => StartAsync(store, "submit-42")));

        Assert.Single(attempts, attempt => attempt.Created);
        Assert.Single(attempts.Select(attempt => (attempt.Id, attempt.Code)).Distinct());
        Assert.Equal((1L, 1L, 1L), await CountAsync(dataSource, [id]));
    }

    [Fact]
    public async Task When_a_group_cannot_commit_none_of_its_submissions_is_acknowledged_and_every_acknowledged_one_is_stored()
    {
        var (store, dataSource) = await CreateStoreAsync();
        // A check PostgreSQL makes only at COMMIT: the whole transaction, with every submission in it, is refused.
        await using (var poison = dataSource.CreateCommand(
            """
            CREATE FUNCTION dossiers.refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN IF NEW.applicant_name = 'Refused At Commit' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NEW; END $$;
            CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON dossiers.dossiers DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION dossiers.refuse_at_commit();
            """))
        {
            await poison.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var poisoned = Guid.NewGuid();
        var ids = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).Append(poisoned).ToList();
        var outcomes = await WhileTheFirstWaitsAsync(dataSource, ids.Select(id => (Func<Task<(StartedDossier? Dossier, Exception? Failure)>>)(
            () => Capture(StartAsync(store, $"key-{id}", name: id == poisoned ? "Refused At Commit" : "Nguyễn Văn An")))));

        var acknowledged = ids.Where((_, index) => outcomes[index].Dossier is not null).ToList();
        var failed = ids.Where((_, index) => outcomes[index].Failure is not null).ToList();
        Assert.Equal([ids[0]], acknowledged);
        Assert.Equal(40, failed.Count);
        Assert.Equal(((long)acknowledged.Count, (long)acknowledged.Count, (long)acknowledged.Count), await CountAsync(dataSource, acknowledged.Select(id => IdOf($"key-{id}"))));
        Assert.Equal((0L, 0L, 0L), await CountAsync(dataSource, failed.Select(id => IdOf($"key-{id}"))));
    }

    [Fact]
    public async Task A_submission_meeting_a_constraint_nobody_expected_fails_alone_and_the_rest_of_its_group_commits()
    {
        var (store, dataSource) = await CreateStoreAsync();
        await using (var constraint = dataSource.CreateCommand(
            """
            CREATE FUNCTION dossiers.refuse_duplicate() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN IF NEW.applicant_name = 'Trùng Nơi Khác' THEN RAISE unique_violation USING MESSAGE = 'duplicate elsewhere'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_duplicate BEFORE INSERT ON dossiers.dossiers FOR EACH ROW EXECUTE FUNCTION dossiers.refuse_duplicate();
            """))
        {
            await constraint.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // The odd one is first in its group: today's others are written after it.
        var culprit = Guid.NewGuid();
        var ids = Enumerable.Range(0, 31).Select(_ => Guid.NewGuid()).ToList();
        ids.Insert(1, culprit);
        var outcomes = await WhileTheFirstWaitsAsync(dataSource, ids.Select(id => (Func<Task<(StartedDossier? Dossier, Exception? Failure)>>)(
            () => Capture(StartAsync(store, $"key-{id}", name: id == culprit ? "Trùng Nơi Khác" : "Nguyễn Văn An")))));

        var refusal = Assert.IsType<PostgresException>(outcomes[1].Failure);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, refusal.SqlState);
        var accepted = outcomes.Where((_, index) => index != 1).Select(outcome => outcome.Dossier).ToList();
        Assert.All(accepted, dossier => Assert.True(dossier is { Created: true }));
        Assert.Equal(Enumerable.Range(1, 31).Select(number => $"00004-251003-{number:0000}"), accepted.Select(dossier => dossier!.Code).Order(StringComparer.Ordinal));
        Assert.Equal((0L, 0L, 0L), await CountAsync(dataSource, [IdOf($"key-{culprit}")]));
    }

    [Fact]
    public async Task Past_an_agencys_9999th_code_of_the_day_its_submission_is_refused_as_exhausted_and_other_agencies_go_on()
    {
        var (store, dataSource) = await CreateStoreAsync();
        await using (var spent = dataSource.CreateCommand("INSERT INTO dossiers.code_sequences (agency, day, last) VALUES ('00004', '2025-10-03', 9999)"))
        {
            await spent.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var exhausted = Capture(StartAsync(store, IdOf("late"), "late", null, "Nguyễn Văn An", agency: "00004"));
        var others = Enumerable.Range(0, 5).Select(number => StartAsync(store, IdOf($"other-{number}"), $"other-{number}", null, "Trần Thị Bình", agency: "00008")).ToList();
        var refused = await exhausted;
        var accepted = await Task.WhenAll(others);

        var failure = Assert.IsType<DailyNumbersExhaustedException>(refused.Failure);
        Assert.Contains("9999", failure.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 5).Select(number => $"00008-251003-{number:0000}"), accepted.Select(dossier => dossier.Code).Order(StringComparer.Ordinal));
        Assert.Equal((0L, 0L, 0L), await CountAsync(dataSource, [IdOf("late")]));
        await using var last = dataSource.CreateCommand("SELECT last FROM dossiers.code_sequences WHERE agency = '00004'");
        Assert.Equal(9999, (int)(await last.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    /// <summary>
    /// Starts the first submission while another transaction holds the agency's code sequence, waits until it is
    /// blocked, starts the others (they queue into the next group), then lets the sequence go.
    /// </summary>
    private static async Task<T[]> WhileTheFirstWaitsAsync<T>(NpgsqlDataSource dataSource, IEnumerable<Func<Task<T>>> submissions)
    {
        await using var connection = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var hold = await connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await using (var take = new NpgsqlCommand("INSERT INTO dossiers.code_sequences (agency, day, last) VALUES ('00004', '2025-10-03', 0)", connection, hold))
        {
            await take.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var all = submissions.ToList();
        var first = all[0]();
        await Eventually.FindAsync(async () =>
        {
            await using var waiting = dataSource.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()");
            return (long)(await waiting.ExecuteScalarAsync())! > 0 ? "blocked" : null;
        }, TimeSpan.FromSeconds(10));
        var rest = all.Skip(1).Select(start => start()).ToList();
        await hold.CommitAsync(TestContext.Current.CancellationToken);
        return await Task.WhenAll(rest.Prepend(first));
    }

    private static async Task<(StartedDossier? Dossier, Exception? Failure)> Capture(Task<StartedDossier> submission)
    {
        try
        {
            return (await submission, null);
        }
        catch (Exception exception) when (exception is PostgresException or DocumentNotStagedException or DailyNumbersExhaustedException)
        {
            return (null, exception);
        }
    }

    private static Guid IdOf(string key) => DossierIds.OfSubmission(Citizen.UserId, key);

    private static Task<StartedDossier> StartAsync(DossierEventStore store, string key, Guid? document = null, string name = "Nguyễn Văn An") =>
        StartAsync(store, IdOf(key), key, document, name);

    private static Task<StartedDossier> StartAsync(DossierEventStore store, Guid id, string key, Guid? document, string name, string agency = "00004") =>
        store.StartAsync(
            new NewDossier(id, agency, "1.004222", 2, Citizen.UserId, name, "online", Friday, Friday.AddDays(9),
                document is { } attachment ? [new AttachedDocument("to-khai-ct01", attachment)] : [], Citizen.UserId),
            code => DossierEvent.Seal(id, 1, DossierAction.SubmitOnline, DossierStatus.NewlyRegistered, Citizen, "online", null, Friday, $$"""{"code":"{{code}}"}""", DossierEvent.Genesis),
            key,
            CancellationToken.None);

    /// <summary>How many of these dossiers are stored, how many first events and how many idempotency records they have.</summary>
    private static async Task<(long Dossiers, long Events, long Submissions)> CountAsync(NpgsqlDataSource dataSource, IEnumerable<Guid> ids)
    {
        await using var count = dataSource.CreateCommand(
            """
            SELECT (SELECT count(*) FROM dossiers.dossiers WHERE id = ANY(@ids)),
                   (SELECT count(*) FROM dossiers.events WHERE dossier_id = ANY(@ids)),
                   (SELECT count(*) FROM dossiers.submissions WHERE dossier_id = ANY(@ids))
            """);
        count.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await count.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private async Task<(DossierEventStore Store, NpgsqlDataSource DataSource)> CreateStoreAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("groups"));
        await new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync([new DossiersModule()], CancellationToken.None);
        // One writer, so that what queues while it waits is exactly the next group.
        return (new DossierEventStore(dataSource, groupWriters: 1), dataSource);
    }
}
