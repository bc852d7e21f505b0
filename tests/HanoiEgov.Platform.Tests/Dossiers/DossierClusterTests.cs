using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>Dossier grains on two real silos, their events in the real PostgreSQL.</summary>
[Trait("Category", "Cluster")]
public sealed class DossierClusterTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly Actor Citizen = new("citizen-1", "citizen", null);
    private static readonly Actor Clerk = new("clerk-1", "one-stop-clerk", "00004");
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private InProcessTestCluster? cluster;
    private NpgsqlDataSource? dataSource;

    public async ValueTask InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("dossiercluster"));
        await new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync([new DossiersModule()], CancellationToken.None);
        var database = dataSource;
        var clock = time;
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromMilliseconds(200));
            silo.Services.AddSingleton(new DeadlineClock(TimeSpan.FromMilliseconds(500), TimeSpan.FromDays(1)));
            silo.Services.AddSingleton(database);
            silo.Services.AddSingleton<TimeProvider>(clock);
            silo.Services.AddSingleton<DossierEventStore>();
            silo.Services.AddSingleton<IProcedureCatalogue>(_ => ProcedureCatalogue.LoadEmbedded());
            silo.Services.AddSingleton(_ => WorkingCalendar.LoadEmbedded());
            silo.Services.AddSingleton<DeadlineCalculator>();
            silo.Services.AddHostedService<DeadlineWatchStarter>();
        });
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }

    private async Task<SubmitDossier> SubmissionAsync()
    {
        var attachments = new AttachmentStore(dataSource!, TimeProvider.System);
        var form = await attachments.StageAsync("001090012345", "ct01.pdf", "application/pdf", "%PDF-1.4 tờ khai"u8.ToArray(), CancellationToken.None);
        var proof = await attachments.StageAsync("001090012345", "cho-o.pdf", "application/pdf", "%PDF-1.4 chỗ ở"u8.ToArray(), CancellationToken.None);
        return new SubmitDossier("1.004222", "00004", "001090012345", "Nguyễn Văn An", Channels.Online, Citizen, null,
            [new AttachedDocument("to-khai-ct01", form.Id), new AttachedDocument("chung-minh-cho-o", proof.Id)], "001090012345");
    }

    [Fact]
    public async Task Callers_racing_on_one_dossier_version_get_one_success_and_conflicts_for_the_rest()
    {
        var grain = cluster!.Client.GetGrain<IDossierGrain>(Guid.NewGuid());
        var submitted = await grain.SubmitAsync(await SubmissionAsync());

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(attempt => grain.ActAsync(
            new DossierCommand(attempt % 2 == 0 ? DossierAction.Accept : DossierAction.Refuse, submitted.Dossier!.Version, Clerk, attempt % 2 == 0 ? null : "Thiếu giấy tờ chứng minh chỗ ở"))));

        Assert.Single(outcomes, outcome => outcome.Dossier is not null);
        Assert.All(outcomes.Where(outcome => outcome.Dossier is null), outcome => Assert.Equal((RefusalKind.Conflict, "expectedVersion"), (outcome.Refusal?.Kind, outcome.Refusal?.Field)));
        Assert.Equal(2, (await new DossierEventStore(dataSource!).ReadAsync(submitted.Dossier!.Id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task The_deadline_clock_records_near_due_then_overdue_once_each_while_the_clock_runs()
    {
        var id = Guid.NewGuid();
        var submitted = await cluster!.Client.GetGrain<IDossierGrain>(id).SubmitAsync(await SubmissionAsync());
        var due = submitted.Dossier!.DueAt;
        var store = new DossierEventStore(dataSource!);

        async Task<int> CountAsync(DossierAction action) => (await store.ReadAsync(id, CancellationToken.None)).Count(entry => entry.Action == action);

        time.SetUtcNow(due - TimeSpan.FromHours(2));
        await Eventually.FindAsync(async () => await CountAsync(DossierAction.MarkNearDue) > 0 ? true : (bool?)null, TimeSpan.FromSeconds(20));
        time.SetUtcNow(due + TimeSpan.FromHours(1));
        await Eventually.FindAsync(async () => await CountAsync(DossierAction.MarkOverdue) > 0 ? true : (bool?)null, TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        Assert.Equal(1, await CountAsync(DossierAction.MarkNearDue));
        Assert.Equal(1, await CountAsync(DossierAction.MarkOverdue));
        var history = await store.ReadAsync(id, CancellationToken.None);
        Assert.All(history.Skip(1), entry => Assert.Equal(DossierStatus.NewlyRegistered, entry.Status));
        Assert.True((await store.VerifyAsync(id, CancellationToken.None)).Intact);
    }

    [Fact]
    public async Task The_deadline_watch_goes_on_past_a_dossier_whose_look_fails_and_records_its_tick()
    {
        // One dossier more than the watch looks at together, the failing one first in line.
        var ids = Enumerable.Range(0, 17).Select(_ => Guid.NewGuid()).ToList();
        DateTimeOffset due = default;
        foreach (var id in ids)
        {
            due = (await cluster!.Client.GetGrain<IDossierGrain>(id).SubmitAsync(await SubmissionAsync())).Dossier!.DueAt;
        }

        var broken = ids[0];
        await using (var sabotage = dataSource!.CreateCommand(
            $"""
            UPDATE dossiers.dossiers SET deadline_check_at = deadline_check_at - interval '1 hour' WHERE id = '{broken}';
            CREATE FUNCTION dossiers.refuse_broken() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.dossier_id = '{broken}' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_broken BEFORE INSERT ON dossiers.events FOR EACH ROW EXECUTE FUNCTION dossiers.refuse_broken();
            """))
        {
            await sabotage.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var store = new DossierEventStore(dataSource!);
        async Task<int> MarkedAsync() => (await Task.WhenAll(ids.Skip(1).Select(id => store.ReadAsync(id, CancellationToken.None))))
            .Count(history => history.Any(entry => entry.Action == DossierAction.MarkNearDue));

        time.SetUtcNow(due - TimeSpan.FromHours(2));
        var marked = await Eventually.FindAsync(async () => await MarkedAsync() is 16 ? 16 : (int?)null, TimeSpan.FromSeconds(30));
        var tick = await Eventually.FindAsync(async () => await store.LastDeadlineTickAsync(CancellationToken.None) is { Failed: > 0 } last ? last : null, TimeSpan.FromSeconds(20));

        Assert.Equal(16, marked);
        Assert.Single(await store.ReadAsync(broken, CancellationToken.None));
        Assert.Equal(1, tick.Failed);
        Assert.Equal(HealthStatus.Degraded, DeadlineWatchHealthCheck.Judge(tick, tick.At, tick.At, TimeSpan.FromHours(1)).Status);
    }

    [Fact]
    public async Task A_dossier_waiting_for_a_supplement_is_never_marked_overdue_and_is_watched_again_once_supplied()
    {
        var id = Guid.NewGuid();
        var grain = cluster!.Client.GetGrain<IDossierGrain>(id);
        var submitted = (await grain.SubmitAsync(await SubmissionAsync())).Dossier!;
        var store = new DossierEventStore(dataSource!);
        var checkAtSubmission = await DeadlineCheckAtAsync(id);

        await grain.ActAsync(new DossierCommand(DossierAction.RequestSupplement, 1, Clerk, "Bổ sung giấy xác nhận chỗ ở"));
        var checkWhilePaused = await DeadlineCheckAtAsync(id);
        time.SetUtcNow(submitted.DueAt + TimeSpan.FromDays(3));
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        var marksWhilePaused = (await store.ReadAsync(id, CancellationToken.None)).Count(entry => entry.Actor == DeadlineClock.Actor);
        var resumed = (await grain.ActAsync(new DossierCommand(DossierAction.ProvideSupplement, 2, Citizen, null))).Dossier!;

        Assert.Equal(submitted.DueAt - TimeSpan.FromDays(1), checkAtSubmission);
        Assert.Null(checkWhilePaused);
        Assert.Equal(0, marksWhilePaused);
        Assert.True(resumed.DueAt > submitted.DueAt);
        Assert.Equal(resumed.DueAt - TimeSpan.FromDays(1), await DeadlineCheckAtAsync(id));
    }

    [Fact]
    public async Task A_check_that_comes_early_records_nothing_and_moves_the_next_check_to_the_near_due_time()
    {
        var id = Guid.NewGuid();
        var submitted = (await cluster!.Client.GetGrain<IDossierGrain>(id).SubmitAsync(await SubmissionAsync())).Dossier!;
        // As migration 0013 leaves the dossiers it finds: looked at on the first tick.
        await using (var early = dataSource!.CreateCommand("UPDATE dossiers.dossiers SET deadline_check_at = @at WHERE id = @id"))
        {
            early.Parameters.AddWithValue("at", time.GetUtcNow().AddMinutes(-1));
            early.Parameters.AddWithValue("id", id);
            await early.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // The silo's reminders keep the test's clock: it moves a second at a time, far from the dossier's due time.
        var moved = await Eventually.FindAsync(async () =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return await DeadlineCheckAtAsync(id) is { } at && at > time.GetUtcNow() ? at : (DateTimeOffset?)null;
        }, TimeSpan.FromSeconds(20));

        Assert.Equal(submitted.DueAt - TimeSpan.FromDays(1), moved);
        Assert.Single(await new DossierEventStore(dataSource!).ReadAsync(id, CancellationToken.None));
    }

    private async Task<DateTimeOffset?> DeadlineCheckAtAsync(Guid id)
    {
        await using var read = dataSource!.CreateCommand("SELECT deadline_check_at FROM dossiers.dossiers WHERE id = @id");
        read.Parameters.AddWithValue("id", id);
        return await read.ExecuteScalarAsync(TestContext.Current.CancellationToken) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    [Fact]
    public async Task A_dossier_carries_on_from_its_events_after_a_silo_stops()
    {
        var id = Guid.NewGuid();
        var submitted = await cluster!.Client.GetGrain<IDossierGrain>(id)
            .SubmitAsync(await SubmissionAsync());
        await cluster.Client.GetGrain<IDossierGrain>(id).ActAsync(new DossierCommand(DossierAction.Accept, 1, Clerk, null));

        await cluster.StopSiloAsync(cluster.Silos[1], TestContext.Current.CancellationToken);

        var next = await cluster.Client.GetGrain<IDossierGrain>(id).ActAsync(new DossierCommand(DossierAction.StartProcessing, 2, Clerk, null));

        Assert.Equal(DossierStatus.Processing, next.Dossier!.Status);
        Assert.Equal(3, next.Dossier.Version);
        Assert.Equal(submitted.Dossier!.Code, next.Dossier.Code);
        Assert.True((await new DossierEventStore(dataSource!).VerifyAsync(id, CancellationToken.None)).Intact);
    }
}
