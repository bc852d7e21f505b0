using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.AdministrativeUnits.Apis;
using HanoiEgov.Modules.AdministrativeUnits.Data;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Modules.AdministrativeUnits;

/// <summary>The administrative-units catalogue: Vietnam's provinces, communes and wards, served by code and by query.</summary>
public sealed class AdministrativeUnitsModule : IPlatformModule
{
    /// <summary>The Orleans grain storage the module's grains persist to.</summary>
    public const string GrainStorage = "catalogue";

    public string Name => "administrative-units";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AdministrativeUnitStore>();
        builder.Services.AddSingleton<IAgencyDirectory>(_ => AgencyDirectory.Load(AdministrativeUnitDataset.LoadEmbedded()));
        builder.Services.AddSingleton<CatalogueImportService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CatalogueImportService>());
        builder.Services.AddHealthChecks().AddCheck<CatalogueImportService>($"{Name}-catalogue");
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapAdministrativeUnitsApi().MapAgenciesApi();
}
