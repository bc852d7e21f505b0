using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace HanoiEgov.Platform.Tests.PlatformHost;

[Trait("Category", "Integration")]
public sealed class DatabaseMigratorTests(LocalServersFixture servers)
{
    private static readonly IPlatformModule[] Modules = [new AdministrativeUnitsModule()];

    [Fact]
    public async Task Replicas_migrating_at_once_apply_each_script_exactly_once()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("migrate"));
        var replicas = Enumerable.Range(0, 4)
            .Select(_ => new DatabaseMigrator(dataSource, NullLoggerFactory.Instance).MigrateAsync(Modules, TestContext.Current.CancellationToken));

        var applied = await Task.WhenAll(replicas);

        Assert.Equal(1, applied.Count(scripts => scripts.Count > 0));
        var journal = await ReadJournalAsync(dataSource);
        Assert.Equal(applied.SelectMany(scripts => scripts).Order(StringComparer.Ordinal), journal);
        Assert.Contains(journal, script => script.EndsWith("0001_administrative_units.sql", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_start_finds_nothing_to_migrate_and_keeps_the_data()
    {
        await using var dataSource = NpgsqlDataSource.Create(await servers.CreateDatabaseAsync("restart"));
        var migrator = new DatabaseMigrator(dataSource, NullLoggerFactory.Instance);
        await migrator.MigrateAsync(Modules, TestContext.Current.CancellationToken);
        await using (var insert = dataSource.CreateCommand(
            "INSERT INTO catalogue.administrative_units VALUES ('01', NULL, 1, 'municipality', 'Hà Nội', 'Hanoi', 'Thành phố Hà Nội', 'Hanoi City', 'ha_noi', 'test')"))
        {
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var second = await migrator.MigrateAsync(Modules, TestContext.Current.CancellationToken);

        Assert.Empty(second);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM catalogue.administrative_units");
        Assert.Equal(1L, await count.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<List<string>> ReadJournalAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT scriptname FROM {DatabaseMigrator.JournalSchema}.{DatabaseMigrator.JournalTable} ORDER BY scriptname");
        await using var reader = await command.ExecuteReaderAsync();
        var scripts = new List<string>();
        while (await reader.ReadAsync())
        {
            scripts.Add(reader.GetString(0));
        }

        return scripts;
    }
}
