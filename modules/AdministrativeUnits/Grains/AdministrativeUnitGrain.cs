namespace HanoiEgov.Modules.AdministrativeUnits.Grains;

/// <summary>One administrative unit, keyed by its code; it reads its row once and answers from memory.</summary>
[Alias("HanoiEgov.AdministrativeUnits.IAdministrativeUnitGrain")]
internal interface IAdministrativeUnitGrain : IGrainWithStringKey
{
    [Alias("Get")]
    Task<AdministrativeUnitDetails?> GetAsync();
}

internal sealed class AdministrativeUnitGrain(AdministrativeUnitStore store) : Grain, IAdministrativeUnitGrain
{
    private AdministrativeUnitDetails? details;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        details = await store.FindAsync(this.GetPrimaryKeyString(), cancellationToken);

    // A code not found yet may be imported a moment later, so only a found unit is kept.
    public async Task<AdministrativeUnitDetails?> GetAsync() =>
        details ??= await store.FindAsync(this.GetPrimaryKeyString(), CancellationToken.None);
}
