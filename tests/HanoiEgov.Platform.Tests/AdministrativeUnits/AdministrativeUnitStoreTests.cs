using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Modules.AdministrativeUnits.Data;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HanoiEgov.Platform.Tests.AdministrativeUnits;

[Trait("Category", "Integration")]
public sealed class AdministrativeUnitStoreTests(LocalServersFixture servers)
{
    private static readonly AdministrativeUnitDataset Dataset = AdministrativeUnitDataset.LoadEmbedded();

    [Fact]
    public async Task Importing_the_dataset_twice_leaves_one_row_per_unit()
    {
        var store = await CreateStoreAsync();

        await store.ImportAsync(Dataset, TestContext.Current.CancellationToken);
        await store.ImportAsync(Dataset, TestContext.Current.CancellationToken);

        Assert.Equal(Dataset.Units.Count, await store.CountAsync(Dataset.Name, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Hanoi_lists_51_wards_and_75_communes_in_code_order()
    {
        var store = await CreateStoreAsync();
        await store.ImportAsync(Dataset, TestContext.Current.CancellationToken);

        var wards = await store.QueryAsync(new AdministrativeUnitFilter("01", AdministrativeUnitTypes.Ward, null, 1, 200), TestContext.Current.CancellationToken);
        var communes = await store.QueryAsync(new AdministrativeUnitFilter("01", AdministrativeUnitTypes.Commune, null, 1, 200), TestContext.Current.CancellationToken);

        Assert.Equal(51, wards.Total);
        Assert.Equal(75, communes.Total);
        Assert.Equal(wards.Items.Select(unit => unit.Code).Order(StringComparer.Ordinal), wards.Items.Select(unit => unit.Code));
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_but_still_tells_the_total()
    {
        var store = await CreateStoreAsync();
        await store.ImportAsync(Dataset, TestContext.Current.CancellationToken);

        var page = await store.QueryAsync(new AdministrativeUnitFilter("01", null, null, 10, 50), TestContext.Current.CancellationToken);

        Assert.Empty(page.Items);
        Assert.Equal(126, page.Total);
    }

    [Fact]
    public async Task A_unit_is_found_with_the_number_of_units_under_it()
    {
        var store = await CreateStoreAsync();
        await store.ImportAsync(Dataset, TestContext.Current.CancellationToken);

        var hanoi = await store.FindAsync("01", TestContext.Current.CancellationToken);
        var missing = await store.FindAsync("99999", TestContext.Current.CancellationToken);

        Assert.Equal(126, hanoi?.ChildCount);
        Assert.Equal("Hà Nội", hanoi?.Unit.Name);
        Assert.Null(missing);
    }

    private async Task<AdministrativeUnitStore> CreateStoreAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("store"));
        await new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync([new AdministrativeUnitsModule()], CancellationToken.None);
        return new AdministrativeUnitStore(dataSource);
    }
}
