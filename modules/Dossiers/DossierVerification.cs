using HanoiEgov.Modules.Dossiers.Persistence;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers;

/// <summary>Checks stored dossier histories against their hash chains; what the verifier command line runs.</summary>
public sealed class DossierVerification(NpgsqlDataSource dataSource)
{
    public Task<ChainReport> VerifyAsync(Guid dossierId, CancellationToken cancellationToken) =>
        new DossierEventStore(dataSource).VerifyAsync(dossierId, cancellationToken);

    /// <summary>Every dossier in the database, one report each, in code order.</summary>
    public async IAsyncEnumerable<(string Code, ChainReport Report)> VerifyAllAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var store = new DossierEventStore(dataSource);
        var dossiers = new List<(Guid Id, string Code)>();
        await using (var list = dataSource.CreateCommand("SELECT id, code FROM dossiers.dossiers ORDER BY code"))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                dossiers.Add((reader.GetGuid(0), reader.GetString(1)));
            }
        }

        foreach (var (id, code) in dossiers)
        {
            yield return (code, await store.VerifyAsync(id, cancellationToken));
        }
    }
}
