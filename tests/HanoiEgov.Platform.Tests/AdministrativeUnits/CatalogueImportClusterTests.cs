using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.AdministrativeUnits.Data;
using HanoiEgov.Modules.AdministrativeUnits.Grains;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Hosting;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace HanoiEgov.Platform.Tests.AdministrativeUnits;

/// <summary>
/// Two real silos, grain state in the real Redis, catalogue rows in the real PostgreSQL. The test cluster keeps
/// membership in process; everything a grain touches is the production code and servers.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class CatalogueImportClusterTests(LocalServersFixture servers) : IAsyncLifetime
{
    private InProcessTestCluster? cluster;
    private NpgsqlDataSource? dataSource;

    private InProcessTestCluster Cluster => cluster!;

    public async ValueTask InitializeAsync()
    {
        dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("cluster"));
        await new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync([new AdministrativeUnitsModule()], CancellationToken.None);

        var builder = new InProcessTestClusterBuilder(2);
        var redis = servers.RedisConnectionString;
        var database = dataSource;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRedisGrainStorage(AdministrativeUnitsModule.GrainStorage, options =>
                options.ConfigurationOptions = ConfigurationOptions.Parse(redis));
            silo.Services.AddSingleton(database);
            silo.Services.AddSingleton(TimeProvider.System);
            silo.Services.AddSingleton<AdministrativeUnitStore>();
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

    [Fact]
    public async Task Concurrent_callers_reach_one_activation_that_imports_once()
    {
        var grain = Cluster.Client.GetGrain<ICatalogueImportGrain>(AdministrativeUnitDataset.Current);

        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => grain.EnsureImportedAsync()));

        Assert.Single(answers.Select(answer => answer.ServedBySilo).Distinct());
        Assert.Single(answers.Select(answer => answer.ImportedAt).Distinct());
        Assert.Equal(3355, answers[0].UnitCount);
        Assert.Equal(3355, await new AdministrativeUnitStore(dataSource!).CountAsync(AdministrativeUnitDataset.Current, CancellationToken.None));
    }

    [Fact]
    public async Task The_import_record_survives_the_silo_that_wrote_it_and_is_not_repeated()
    {
        var grain = Cluster.Client.GetGrain<ICatalogueImportGrain>(AdministrativeUnitDataset.Current);
        var before = await grain.EnsureImportedAsync();
        var hostingSilo = Cluster.Silos.Single(silo => silo.SiloAddress.ToString() == before.ServedBySilo);

        await Cluster.StopSiloAsync(hostingSilo, TestContext.Current.CancellationToken);
        var after = await grain.EnsureImportedAsync();

        Assert.NotEqual(before.ServedBySilo, after.ServedBySilo);
        Assert.Equal(before with { ServedBySilo = after.ServedBySilo }, after);
        Assert.Equal(before.ImportedBySilo, after.ImportedBySilo);
    }
}
