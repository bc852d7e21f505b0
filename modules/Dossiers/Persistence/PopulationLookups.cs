using Npgsql;

namespace HanoiEgov.Modules.Dossiers.Persistence;

/// <summary>The registry lookups made for clerks, so a counter registration's "verified by the registry" can be checked.</summary>
internal sealed class PopulationLookups(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>How long after a lookup a registration may still name it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private const string Record =
        "INSERT INTO dossiers.population_lookups (lookup_id, personal_id, requested_by, looked_up_at) VALUES (@lookup, @person, @clerk, @at) ON CONFLICT (lookup_id) DO NOTHING";

    private const string Find =
        "SELECT EXISTS (SELECT 1 FROM dossiers.population_lookups WHERE lookup_id = @lookup AND personal_id = @person AND requested_by = @clerk AND looked_up_at > @since)";

    public async Task RecordAsync(string lookupId, string personalId, string clerk, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Record);
        command.Parameters.AddWithValue("lookup", lookupId);
        command.Parameters.AddWithValue("person", personalId);
        command.Parameters.AddWithValue("clerk", clerk);
        command.Parameters.AddWithValue("at", clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="clerk"/> looked <paramref name="personalId"/> up as <paramref name="lookupId"/> within the lifetime.</summary>
    public async Task<bool> MadeAsync(string lookupId, string personalId, string clerk, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Find);
        command.Parameters.AddWithValue("lookup", lookupId);
        command.Parameters.AddWithValue("person", personalId);
        command.Parameters.AddWithValue("clerk", clerk);
        command.Parameters.AddWithValue("since", clock.GetUtcNow() - Lifetime);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
