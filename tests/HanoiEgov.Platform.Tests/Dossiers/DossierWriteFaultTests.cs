using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.TestingHost;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>A dossier grain whose write's outcome it cannot know (the connection lost at commit), on a real silo and PostgreSQL.</summary>
[Trait("Category", "Cluster")]
public sealed class DossierWriteFaultTests(LocalServersFixture servers) : IAsyncLifetime
{
    private static readonly Actor Citizen = new("citizen-1", "citizen", null);
    private static readonly Actor Clerk = new("clerk-1", "one-stop-clerk", "00004");
    private InProcessTestCluster? cluster;
    private NpgsqlDataSource? direct;
    private NpgsqlDataSource? relayed;
    private CommitCuttingProxy? proxy;

    public async ValueTask InitializeAsync()
    {
        var database = await servers.CreateDatabaseAsync("writefaults");
        direct = NpgsqlDataSource.Create(database);
        await new DatabaseMigrator(direct, NullLoggerFactory.Instance).MigrateAsync([new DossiersModule()], CancellationToken.None);
        proxy = new CommitCuttingProxy(database);
        relayed = NpgsqlDataSource.Create(proxy.ConnectionString);
        var dataSource = relayed;
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(DeadlineClock.Default);
            silo.Services.AddSingleton(dataSource);
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<DossierEventStore>();
            silo.Services.AddSingleton<IProcedureCatalogue>(_ => ProcedureCatalogue.LoadEmbedded());
            silo.Services.AddSingleton(_ => WorkingCalendar.LoadEmbedded());
            silo.Services.AddSingleton<DeadlineCalculator>();
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

        foreach (var source in new[] { relayed, direct })
        {
            if (source is not null)
            {
                await source.DisposeAsync();
            }
        }

        if (proxy is not null)
        {
            await proxy.DisposeAsync();
        }
    }

    [Fact]
    public async Task After_a_step_whose_commit_answer_was_lost_the_grain_reads_its_history_again_before_it_answers()
    {
        var (grain, id) = await SubmittedAsync();

        proxy!.CutNextCommit();
        await Assert.ThrowsAnyAsync<Exception>(() => grain.ActAsync(new DossierCommand(DossierAction.Accept, 1, Clerk, null)));
        // The caller reloads the dossier, sees the step was recorded after all, and goes on from version 2.
        var recorded = await new DossierEventStore(direct!).ReadAsync(id, CancellationToken.None);
        var next = await grain.ActAsync(new DossierCommand(DossierAction.StartProcessing, 2, Clerk, null));

        Assert.Equal(1, proxy.Cuts);
        Assert.Equal(2, recorded.Count);
        Assert.Null(next.Refusal);
        Assert.Equal((3, DossierStatus.Processing), (next.Dossier!.Version, next.Dossier.Status));
    }

    [Fact]
    public async Task A_step_retried_under_its_Idempotency_Key_after_a_lost_answer_is_recorded_once()
    {
        var (grain, id) = await SubmittedAsync();

        proxy!.CutNextCommit();
        await Assert.ThrowsAnyAsync<Exception>(() => grain.ActAsync(new DossierCommand(DossierAction.Accept, 1, Clerk, null, IdempotencyKey: "accept-1")));
        var retried = await grain.ActAsync(new DossierCommand(DossierAction.Accept, 1, Clerk, null, IdempotencyKey: "accept-1"));
        var again = await grain.ActAsync(new DossierCommand(DossierAction.Accept, 1, Clerk, null, IdempotencyKey: "accept-1"));
        var otherKey = await grain.ActAsync(new DossierCommand(DossierAction.Accept, 1, Clerk, null, IdempotencyKey: "accept-2"));

        Assert.Null(retried.Refusal);
        Assert.Equal((2, DossierStatus.Received), (retried.Dossier!.Version, retried.Dossier.Status));
        Assert.Equal(2, again.Dossier!.Version);
        Assert.Equal((RefusalKind.Conflict, "expectedVersion"), (otherKey.Refusal?.Kind, otherKey.Refusal?.Field));
        var history = await new DossierEventStore(direct!).ReadAsync(id, CancellationToken.None);
        Assert.Equal([DossierAction.SubmitOnline, DossierAction.Accept], history.Select(entry => entry.Action));
    }

    private async Task<(IDossierGrain Grain, Guid Id)> SubmittedAsync()
    {
        var attachments = new AttachmentStore(direct!, TimeProvider.System);
        var form = await attachments.StageAsync("001090012345", "ct01.pdf", "application/pdf", "%PDF-1.4 tờ khai"u8.ToArray(), CancellationToken.None);
        var proof = await attachments.StageAsync("001090012345", "cho-o.pdf", "application/pdf", "%PDF-1.4 chỗ ở"u8.ToArray(), CancellationToken.None);
        var id = Guid.NewGuid();
        var grain = cluster!.Client.GetGrain<IDossierGrain>(id);
        var submitted = await grain.SubmitAsync(new SubmitDossier("1.004222", "00004", "001090012345", "Nguyễn Văn An", Channels.Online, Citizen, null,
            [new AttachedDocument("to-khai-ct01", form.Id), new AttachedDocument("chung-minh-cho-o", proof.Id)], "001090012345"));
        Assert.NotNull(submitted.Dossier);
        return (grain, id);
    }
}
