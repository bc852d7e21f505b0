using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The dossier event store on the real PostgreSQL: codes, idempotency, concurrency and the hash chain.</summary>
[Trait("Category", "Integration")]
public sealed class DossierEventStoreTests(LocalServersFixture servers)
{
    private static readonly Actor Citizen = new("citizen-1", "citizen", null);
    private static readonly Actor Clerk = new("clerk-1", "one-stop-clerk", "00004");
    private static readonly DateTimeOffset Friday = new(2025, 10, 3, 9, 30, 0, TimeSpan.FromHours(7));

    [Fact]
    public async Task Codes_are_agency_date_and_a_gap_free_daily_sequence_even_when_submissions_race()
    {
        var (store, _) = await CreateStoreAsync();

        var started = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => StartAsync(store, Friday)));

        Assert.Equal(
            Enumerable.Range(1, 20).Select(number => $"00004-251003-{number:0000}"),
            started.Select(dossier => dossier.Code).Order(StringComparer.Ordinal));
        var nextDay = await StartAsync(store, Friday.AddDays(3));
        Assert.Equal("00004-251006-0001", nextDay.Code);
    }

    [Fact]
    public async Task A_retried_submission_returns_the_same_dossier_and_creates_no_second_one()
    {
        var (store, dataSource) = await CreateStoreAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => StartAsync(store, Friday, idempotencyKey: "submit-42")));

        Assert.Single(attempts.Select(attempt => attempt.Id).Distinct());
        Assert.Single(attempts, attempt => attempt.Created);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM dossiers.dossiers");
        Assert.Equal(1L, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Two_writers_on_one_version_cannot_both_append()
    {
        var (store, _) = await CreateStoreAsync();
        var dossier = await StartAsync(store, Friday);
        var first = (await store.ReadAsync(dossier.Id, TestContext.Current.CancellationToken)).Single();

        var accept = DossierEvent.Seal(dossier.Id, 2, DossierAction.Accept, DossierStatus.Received, Clerk, "online", null, Friday.AddHours(1), null, first.Hash);
        var refuse = DossierEvent.Seal(dossier.Id, 2, DossierAction.Refuse, DossierStatus.Refused, Clerk, "online", "incomplete", Friday.AddHours(1), null, first.Hash);
        var outcomes = await Task.WhenAll(
            Attempt(() => store.AppendAsync(accept, null, null, NewAttachments.None, null, CancellationToken.None)),
            Attempt(() => store.AppendAsync(refuse, null, null, NewAttachments.None, null, CancellationToken.None)));

        Assert.Single(outcomes, outcome => outcome is null);
        Assert.Single(outcomes, outcome => outcome is StaleDossierVersionException);
        Assert.Equal(2, (await store.ReadAsync(dossier.Id, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task An_untouched_history_verifies_as_intact()
    {
        var (store, _) = await CreateStoreAsync();
        var dossier = await StartWithHistoryAsync(store);

        var report = await store.VerifyAsync(dossier, TestContext.Current.CancellationToken);

        Assert.True(report.Intact, string.Join("; ", report.Problems));
        Assert.Equal(3, report.EventCount);
    }

    [Fact]
    public async Task An_altered_stored_event_is_reported_with_its_version()
    {
        var (store, dataSource) = await CreateStoreAsync();
        var dossier = await StartWithHistoryAsync(store);
        await using (var tamper = dataSource.CreateCommand("UPDATE dossiers.events SET reason = 'approved by mistake' WHERE dossier_id = @id AND version = 2"))
        {
            tamper.Parameters.AddWithValue("id", dossier);
            await tamper.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var report = await store.VerifyAsync(dossier, TestContext.Current.CancellationToken);

        Assert.False(report.Intact);
        Assert.Contains(report.Problems, problem => problem.Version == 2 && problem.Problem.Contains("altered", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task A_removed_stored_event_is_reported(int removed)
    {
        var (store, dataSource) = await CreateStoreAsync();
        var dossier = await StartWithHistoryAsync(store);
        await using (var remove = dataSource.CreateCommand("DELETE FROM dossiers.events WHERE dossier_id = @id AND version = @version"))
        {
            remove.Parameters.AddWithValue("id", dossier);
            remove.Parameters.AddWithValue("version", removed);
            await remove.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var report = await store.VerifyAsync(dossier, TestContext.Current.CancellationToken);

        Assert.False(report.Intact);
        Assert.NotEmpty(report.Problems);
    }

    [Fact]
    public async Task The_verifier_command_line_names_the_dossier_and_event_that_were_altered_and_exits_1()
    {
        var (store, dataSource) = await CreateStoreAsync();
        await StartWithHistoryAsync(store);
        var tampered = await StartWithHistoryAsync(store);
        var connection = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { Password = servers.Postgres.Password }.ConnectionString;
        using var clean = new StringWriter();
        var cleanExit = await HanoiEgov.DossierVerifier.VerifierCommand.RunAsync(["--connection", connection], null, clean, TextWriter.Null, CancellationToken.None);
        await using (var tamper = dataSource.CreateCommand("UPDATE dossiers.events SET actor_id = 'someone-else' WHERE dossier_id = @id AND version = 3"))
        {
            tamper.Parameters.AddWithValue("id", tampered);
            await tamper.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        using var output = new StringWriter();
        var exit = await HanoiEgov.DossierVerifier.VerifierCommand.RunAsync(["--connection", connection], null, output, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, cleanExit);
        Assert.Contains("2 dossier(s) checked, 0 with a broken history.", clean.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, exit);
        Assert.Contains("event 3: Its content was altered", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("2 dossier(s) checked, 1 with a broken history.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upload_no_submission_took_within_its_lifetime_is_deleted_and_a_recent_one_is_kept()
    {
        var (_, dataSource) = await CreateStoreAsync();
        var clock = new FakeTimeProvider(Friday);
        var attachments = new AttachmentStore(dataSource, clock);
        var abandoned = await attachments.StageAsync("001090012345", "cccd.png", "image/png", [0x89, 0x50], CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(20));
        var recent = await attachments.StageAsync("001090012345", "ct01.pdf", "application/pdf", "%PDF"u8.ToArray(), CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(5));

        var deleted = await attachments.DeleteAbandonedAsync(TimeSpan.FromDays(1), CancellationToken.None);

        Assert.Equal(1, deleted);
        await using var staged = dataSource.CreateCommand("SELECT array_agg(id) FROM dossiers.staged_attachments WHERE id = ANY(@ids)");
        staged.Parameters.AddWithValue("ids", new[] { abandoned.Id, recent.Id });
        Assert.Equal([recent.Id], (Guid[])(await staged.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }

    private static async Task<Exception?> Attempt(Func<Task> append)
    {
        try
        {
            await append();
            return null;
        }
        catch (StaleDossierVersionException exception)
        {
            return exception;
        }
    }

    private static async Task<Guid> StartWithHistoryAsync(DossierEventStore store)
    {
        var dossier = await StartAsync(store, Friday);
        var events = await store.ReadAsync(dossier.Id, CancellationToken.None);
        var accept = DossierEvent.Seal(dossier.Id, 2, DossierAction.Accept, DossierStatus.Received, Clerk, "online", null, Friday.AddHours(1), null, events[0].Hash);
        await store.AppendAsync(accept, null, null, NewAttachments.None, null, CancellationToken.None);
        var start = DossierEvent.Seal(dossier.Id, 3, DossierAction.StartProcessing, DossierStatus.Processing, Clerk, "online", null, Friday.AddHours(2), null, accept.Hash);
        await store.AppendAsync(start, null, null, NewAttachments.None, null, CancellationToken.None);
        return dossier.Id;
    }

    private static Task<StartedDossier> StartAsync(DossierEventStore store, DateTimeOffset at, string? idempotencyKey = null)
    {
        var id = idempotencyKey is null ? Guid.NewGuid() : DossierIds.OfSubmission(Citizen.UserId, idempotencyKey);
        return store.StartAsync(
            new NewDossier(id, "00004", "1.004222", 2, Citizen.UserId, "Nguyễn Văn An", "online", at, at.AddDays(9), [], Citizen.UserId),
            code => DossierEvent.Seal(id, 1, DossierAction.SubmitOnline, DossierStatus.NewlyRegistered, Citizen, "online", null, at, $$"""{"code":"{{code}}"}""", DossierEvent.Genesis),
            idempotencyKey,
            CancellationToken.None);
    }

    private async Task<(DossierEventStore Store, NpgsqlDataSource DataSource)> CreateStoreAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("dossiers"));
        await new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync([new DossiersModule()], CancellationToken.None);
        return (new DossierEventStore(dataSource), dataSource);
    }
}
