using HanoiEgov.Modules.AdministrativeUnits.Data;
using Orleans.Runtime;

namespace HanoiEgov.Modules.AdministrativeUnits.Grains;

/// <summary>
/// Imports a dataset into the catalogue tables. One activation in the whole cluster, so replicas that start
/// together import once; the record of what was imported survives the silo that wrote it.
/// </summary>
[Alias("HanoiEgov.AdministrativeUnits.ICatalogueImportGrain")]
internal interface ICatalogueImportGrain : IGrainWithStringKey
{
    [Alias("EnsureImported")]
    Task<CatalogueImportStatus> EnsureImportedAsync();

    [Alias("GetStatus")]
    Task<CatalogueImportStatus?> GetStatusAsync();
}

[GenerateSerializer]
[Alias("HanoiEgov.AdministrativeUnits.CatalogueImportRecord")]
internal sealed class CatalogueImportRecord
{
    [Id(0)] public string Sha256 { get; set; } = "";
    [Id(1)] public int UnitCount { get; set; }
    [Id(2)] public DateTimeOffset ImportedAt { get; set; }
    [Id(3)] public string ImportedBySilo { get; set; } = "";
}

internal sealed class CatalogueImportGrain(
    [PersistentState("import", AdministrativeUnitsModule.GrainStorage)] IPersistentState<CatalogueImportRecord> record,
    AdministrativeUnitStore store,
    ILocalSiloDetails silo,
    TimeProvider clock) : Grain, ICatalogueImportGrain
{
    public async Task<CatalogueImportStatus> EnsureImportedAsync()
    {
        var dataset = AdministrativeUnitDataset.LoadEmbedded();
        var name = this.GetPrimaryKeyString();
        if (name != dataset.Name)
        {
            throw new ArgumentException($"Only the shipped dataset '{dataset.Name}' can be imported, not '{name}'.");
        }

        var current = record.RecordExists
            && record.State.Sha256 == dataset.Sha256
            && await store.CountAsync(dataset.Name, CancellationToken.None) == dataset.Units.Count;
        if (!current)
        {
            await store.ImportAsync(dataset, CancellationToken.None);
            record.State = new CatalogueImportRecord
            {
                Sha256 = dataset.Sha256,
                UnitCount = dataset.Units.Count,
                ImportedAt = clock.GetUtcNow(),
                ImportedBySilo = silo.SiloAddress.ToString(),
            };
            await record.WriteStateAsync();
        }

        return ToStatus();
    }

    public Task<CatalogueImportStatus?> GetStatusAsync() =>
        Task.FromResult(record.RecordExists ? ToStatus() : null);

    private CatalogueImportStatus ToStatus() => new(
        this.GetPrimaryKeyString(),
        record.State.Sha256,
        record.State.UnitCount,
        record.State.ImportedAt,
        record.State.ImportedBySilo,
        silo.SiloAddress.ToString());
}
