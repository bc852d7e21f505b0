using DbUp;
using DbUp.Postgresql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HanoiEgov.BuildingBlocks;

/// <summary>
/// Applies every module's embedded SQL scripts with DbUp. Replicas starting at once serialise on a
/// PostgreSQL advisory lock, so each script runs exactly once and a late replica finds nothing to do.
/// </summary>
public sealed partial class DatabaseMigrator(NpgsqlDataSource dataSource, ILoggerFactory loggerFactory)
{
    public const string JournalSchema = "platform";
    public const string JournalTable = "schema_versions";

    // Any constant works; it only has to be the same for every replica of the platform.
    private const long MigrationLockKey = 0x4841_4E4F_4945_4756; // "HANOIEGV"

    private const string Lock = "SELECT pg_advisory_lock(@key)";

    private const string CreateJournalSchema = $"CREATE SCHEMA IF NOT EXISTS {JournalSchema}";

    private const string Unlock = "SELECT pg_advisory_unlock(@key)";

    public async Task<IReadOnlyList<string>> MigrateAsync(IEnumerable<IPlatformModule> modules, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger<DatabaseMigrator>();
        await using var lockConnection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var acquire = new NpgsqlCommand(Lock, lockConnection))
        {
            acquire.Parameters.AddWithValue("key", MigrationLockKey);
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await using (var schema = new NpgsqlCommand(CreateJournalSchema, lockConnection))
            {
                await schema.ExecuteNonQueryAsync(cancellationToken);
            }

            var applied = new List<string>();
            foreach (var module in modules)
            {
                var upgrade = DeployChanges.To
                    .PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
                    .WithScriptsEmbeddedInAssembly(module.MigrationsAssembly, IsMigrationScript)
                    .JournalToPostgresqlTable(JournalSchema, JournalTable)
                    .WithTransactionPerScript()
                    .LogTo(loggerFactory)
                    .Build()
                    .PerformUpgrade();

                if (!upgrade.Successful)
                {
                    throw new InvalidOperationException(
                        $"Migration '{upgrade.ErrorScript?.Name}' of module '{module.Name}' failed.", upgrade.Error);
                }

                applied.AddRange(upgrade.Scripts.Select(script => script.Name));
            }

            LogSchemaCurrent(logger, applied.Count);
            return applied;
        }
        finally
        {
            await using var release = new NpgsqlCommand(Unlock, lockConnection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    internal static bool IsMigrationScript(string resourceName) =>
        resourceName.Contains(".Migrations.", StringComparison.Ordinal)
        && resourceName.EndsWith(".sql", StringComparison.OrdinalIgnoreCase);


    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema is current; {Count} script(s) applied by this replica")]
    private static partial void LogSchemaCurrent(ILogger logger, int count);
}
