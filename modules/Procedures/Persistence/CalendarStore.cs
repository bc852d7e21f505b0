using System.Text.Json;
using Npgsql;

namespace HanoiEgov.Modules.Procedures.Persistence;

/// <summary>Calendar years added or replaced by administrators, kept in PostgreSQL and announced to every replica.</summary>
internal sealed class CalendarStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string Channel = "procedures_calendar";

    /// <summary>Stores the year; true when it was new (the row was inserted, not updated).</summary>
    private const string Upsert =
        """
        INSERT INTO procedures.calendar_years (year, body, updated_at, updated_by) VALUES (@year, @body, @at, @by)
        ON CONFLICT (year) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by
        RETURNING xmax = 0
        """;

    private const string Notify = $"SELECT pg_notify('{Channel}', @year)";

    private const string LoadAll = "SELECT body FROM procedures.calendar_years ORDER BY year";

    /// <summary>Stores the year and notifies the other replicas when the transaction commits; true when it was new.</summary>
    public async Task<bool> SaveAsync(CalendarYear year, string by, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var upsert = new NpgsqlCommand(Upsert, connection, transaction);
        upsert.Parameters.AddWithValue("year", year.Year);
        upsert.Parameters.AddWithValue("body", JsonSerializer.Serialize(year, CatalogueJson.Options));
        upsert.Parameters.AddWithValue("at", clock.GetUtcNow().ToUniversalTime());
        upsert.Parameters.AddWithValue("by", by);
        var created = (bool)(await upsert.ExecuteScalarAsync(cancellationToken))!;
        await using (var notify = new NpgsqlCommand(Notify, connection, transaction))
        {
            notify.Parameters.AddWithValue("year", year.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    public static async Task<List<CalendarYear>> LoadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var read = new NpgsqlCommand(LoadAll, connection);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        var years = new List<CalendarYear>();
        while (await reader.ReadAsync(cancellationToken))
        {
            years.Add(JsonSerializer.Deserialize<CalendarYear>(reader.GetString(0), CatalogueJson.Options)!);
        }

        return years;
    }
}
