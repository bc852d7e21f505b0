using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Interlinked;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Modules.Procedures;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.Vendors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// The interlinked process manager on two real silos, its events in the real PostgreSQL, the police's, Social
/// Security's and the population registry's systems on the sandbox through the LGSP and FPT modules.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class InterlinkedClusterTests(LocalServersFixture servers, VendorSandboxFixture sandbox) : IAsyncLifetime, IClassFixture<VendorSandboxFixture>
{
    private const string MotherId = "001195012346";
    private const string DeclarantId = "001090012345";
    private static readonly Actor Citizen = new("citizen-2", "citizen", null);
    private static readonly Actor Clerk = new("clerk-1", "one-stop-clerk", "00004");
    private static readonly Actor Head = new("head-1", "head", "00004");
    private InProcessTestCluster? cluster;
    private NpgsqlDataSource? dataSource;
    private VendorModuleHost? vendors;

    public async ValueTask InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("interlinkedcluster"));
        await new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync([new DossiersModule()], CancellationToken.None);
        vendors = new VendorModuleHost(sandbox.Server);
        var (database, host) = (dataSource, vendors);
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseInMemoryReminderService();
            silo.Services.AddSingleton(database);
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<DossierEventStore>();
            silo.Services.AddSingleton<DossierQueries>();
            silo.Services.AddSingleton<InterlinkedStore>();
            silo.Services.AddSingleton(DeadlineClock.Default);
            silo.Services.AddSingleton(new InterlinkedOptions { PollEvery = TimeSpan.FromMilliseconds(300) });
            silo.Services.AddSingleton<IProcedureCatalogue>(_ => ProcedureCatalogue.LoadEmbedded());
            silo.Services.AddSingleton(_ => WorkingCalendar.LoadEmbedded());
            silo.Services.AddSingleton<DeadlineCalculator>();
            silo.Services.AddSingleton(host.Provider<IPopulationRegistry>("FPT"));
            silo.Services.AddSingleton(host.Provider<IResidenceRegistry>("LGSP"));
            silo.Services.AddSingleton(host.Provider<ISocialInsurance>("LGSP"));
            silo.Services.AddSingleton(host.Provider<IIdentityCardRegistry>("LGSP"));
            silo.Services.AddHostedService<InterlinkedWatch>();
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

        vendors?.Dispose();
        if (dataSource is not null)
        {
            await dataSource.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_silo_killed_while_its_interlinked_births_and_deaths_wait_on_their_parts_leaves_them_to_the_other_silo_which_creates_no_part_twice()
    {
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        foreach (var (id, index) in ids.Select((id, index) => (id, index)))
        {
            await DecideCommunePartAsync(await SubmitAsync(id, death: index % 2 == 1));
        }

        // Every whole has sent at least one of its external parts: they are mid-saga.
        var before = await Eventually.FindAsync(
            async () => await Task.WhenAll(ids.Select(ReadAsync)) is var all && all.All(dossier => dossier.Parts.Skip(1).Any(part => part.Reference is not null)) ? all : null,
            TimeSpan.FromSeconds(60));
        var hosting = await HostingSilosAsync();
        var victim = cluster!.Silos.First(silo => hosting.Contains(silo.SiloAddress));
        await cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        var after = await Eventually.FindAsync(
            async () => await Task.WhenAll(ids.Select(ReadAsync)) is var all && all.All(dossier => dossier.Completed) ? all : null,
            TimeSpan.FromSeconds(90));

        foreach (var (was, now) in before.Zip(after))
        {
            Assert.All(now.Parts, part => Assert.Equal((PartState.Approved, 1), (part.State, part.Attempt)));
            foreach (var part in was.Parts.Where(part => part.Reference is not null))
            {
                Assert.Equal(part.Reference, now.Part(part.Key).Reference);
            }
        }

        Assert.Equal(ids.Count / 2, await CountAsync("SELECT count(*) FROM dossiers.dossiers WHERE procedure_code = '1.001193'"));
        Assert.Equal(ids.Count / 2, await CountAsync("SELECT count(*) FROM dossiers.dossiers WHERE procedure_code = '1.000656'"));
        foreach (var id in ids)
        {
            Assert.True((await new InterlinkedStore(dataSource!).VerifyAsync(id, CancellationToken.None)).Intact);
        }
    }

    [Fact]
    public async Task Submissions_and_steps_retried_at_once_from_both_silos_create_one_whole_and_one_part_each()
    {
        var id = Guid.NewGuid();
        var submission = await SubmissionAsync();
        var clients = cluster!.Silos.Select(silo => cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<IGrainFactory>()).ToList();

        var submitted = await Task.WhenAll(Enumerable.Range(0, 6).Select(attempt => clients[attempt % 2].GetGrain<IInterlinkedGrain>(id).SubmitAsync(submission)));
        Assert.All(submitted, result => Assert.NotNull(result.Dossier));
        await DecideCommunePartAsync(submitted[0].Dossier!);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(attempt => clients[attempt % 2].GetGrain<IInterlinkedGrain>(id).AdvanceAsync()));

        var done = await Eventually.FindAsync(async () => await ReadAsync(id) is { Completed: true } whole ? whole : null, TimeSpan.FromSeconds(60));

        Assert.Single(submitted.Select(result => result.Dossier!.Code).Distinct());
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM dossiers.interlinked"));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM dossiers.dossiers"));
        Assert.Equal(1, await CountAsync($"SELECT count(*) FROM dossiers.interlinked_events WHERE parent_id = '{id}' AND data LIKE '%\"submitted\"%'"));
        Assert.All(done.Parts, part => Assert.Equal(1, part.Attempt));
        var events = await new InterlinkedStore(dataSource!).ReadAsync(id, CancellationToken.None);
        Assert.Equal(done.Parts.Count, events.Count(entry => entry.Payload is PartStarted));
        Assert.Equal(done.Parts.Count, events.Count(entry => entry.Payload is PartApproved));
        Assert.Equal(4, done.Parts.Count);
    }

    private async Task<SubmitInterlinked> SubmissionAsync(bool death = false)
    {
        var attachments = new AttachmentStore(dataSource!, TimeProvider.System);
        var documents = new List<AttachedDocument>();
        foreach (var code in death ? ["to-khai", "giay-bao-tu"] : new[] { "to-khai", "giay-chung-sinh", "giay-to-tuy-than" })
        {
            var staged = await attachments.StageAsync(death ? DeclarantId : MotherId, $"{code}.pdf", "application/pdf", "%PDF-1.4 giấy tờ"u8.ToArray(), CancellationToken.None);
            documents.Add(new AttachedDocument(code, staged.Id));
        }

        if (death)
        {
            var deceased = new DeathDeclaration(new DeclaredPerson("001061521665", "Ngô Quốc Tuấn"), VietnamTime.DayOf(DateTimeOffset.UtcNow).AddDays(-2), "Bệnh viện Bạch Mai", "Con");
            return new SubmitInterlinked("2.002913", "00004", DeclarantId, "Nguyễn Văn An", Channels.Online, Citizen, new InterlinkedDeclaration(null, deceased), documents, DeclarantId);
        }

        var declaration = new InterlinkedDeclaration(
            new BirthDeclaration("Nguyễn Minh Khôi", VietnamTime.DayOf(DateTimeOffset.UtcNow).AddDays(-10), "Nam", "Bệnh viện Phụ sản Hà Nội",
                new DeclaredPerson(MotherId, "Trần Thị Bình"), null, "001090012345", "Số 12 Đội Cấn, Phường Ba Đình, Hà Nội"),
            null);
        return new SubmitInterlinked("3.000722", "00004", MotherId, "Trần Thị Bình", Channels.Online, Citizen, declaration, documents, MotherId);
    }

    private async Task<InterlinkedSnapshot> SubmitAsync(Guid id, bool death) =>
        (await cluster!.Client.GetGrain<IInterlinkedGrain>(id).SubmitAsync(await SubmissionAsync(death))).Dossier!;

    /// <summary>The commune's officials take the civil-status part's dossier through to a signed result.</summary>
    private async Task DecideCommunePartAsync(InterlinkedSnapshot whole)
    {
        var part = cluster!.Client.GetGrain<IDossierGrain>(Guid.Parse(whole.CommunePart.Reference!));
        var version = 1;
        foreach (var (action, actor) in new[] { (DossierAction.Accept, Clerk), (DossierAction.StartProcessing, Clerk), (DossierAction.Approve, Head), (DossierAction.SignResult, Head) })
        {
            var result = await part.ActAsync(new DossierCommand(action, version, actor, null));
            Assert.True(result.Dossier is not null, $"{action}: {result.Refusal}");
            version = result.Dossier.Version;
        }
    }

    private async Task<InterlinkedSnapshot> ReadAsync(Guid id) => (await new InterlinkedStore(dataSource!).FindAsync(id, CancellationToken.None))!.Dossier;

    /// <summary>The silos where interlinked grains are active now.</summary>
    private async Task<HashSet<SiloAddress>> HostingSilosAsync()
    {
        var management = cluster!.Client.GetGrain<IManagementGrain>(0);
        var statistics = await management.GetDetailedGrainStatistics();
        return [.. statistics.Where(statistic => statistic.GrainType.Contains(nameof(InterlinkedGrain), StringComparison.Ordinal)).Select(statistic => statistic.SiloAddress)];
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var count = dataSource!.CreateCommand(sql);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
