using HanoiEgov.Modules.Dossiers.Anchoring;
using HanoiEgov.Modules.Dossiers.Persistence;
using Npgsql;

namespace HanoiEgov.Modules.Dossiers;

/// <summary>
/// Checks stored dossier histories against their hash chains and, given an anchoring directory, against the signed
/// and timestamped anchors in it; what the verifier command line runs.
/// </summary>
public sealed class DossierVerification
{
    private readonly NpgsqlDataSource dataSource;
    private readonly AnchorLedger? anchors;

    public DossierVerification(NpgsqlDataSource dataSource)
        : this(dataSource, null)
    {
    }

    private DossierVerification(NpgsqlDataSource dataSource, AnchorLedger? anchors)
    {
        this.dataSource = dataSource;
        this.anchors = anchors;
    }

    /// <summary>
    /// Also checks each dossier against the anchors of <paramref name="anchoringDirectory"/> (its <c>anchors/</c> and
    /// <c>certificates/</c>), their timestamps against the TSA roots in <paramref name="tsaRootPaths"/> (PEM files).
    /// </summary>
    public static DossierVerification WithAnchors(NpgsqlDataSource dataSource, string anchoringDirectory, IReadOnlyList<string> tsaRootPaths) =>
        new(dataSource, new AnchorLedger(anchoringDirectory, tsaRootPaths));

    /// <summary>How many anchors were read, and why each that does not verify does not.</summary>
    public (int Count, IReadOnlyList<string> Problems) Anchors()
    {
        var all = anchors?.Anchors() ?? [];
        return (all.Count, [.. all.Select(anchor => anchor.Problem).OfType<string>()]);
    }

    public Task<ChainReport> VerifyAsync(Guid dossierId, CancellationToken cancellationToken) =>
        new DossierEventStore(dataSource, anchors: anchors).VerifyAsync(dossierId, cancellationToken);

    /// <summary>
    /// Every dossier in the database, one report each, in code order; then each dossier an anchor recorded that the
    /// database no longer holds, named by its id.
    /// </summary>
    public async IAsyncEnumerable<(string Code, ChainReport Report)> VerifyAllAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var store = new DossierEventStore(dataSource, anchors: anchors);
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

        var stored = dossiers.Select(dossier => dossier.Id).ToHashSet();
        foreach (var removed in (anchors?.Dossiers() ?? []).Where(id => !stored.Contains(id)).Order())
        {
            yield return (removed.ToString(), await store.VerifyAsync(removed, cancellationToken));
        }
    }
}
