using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Apis;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Modules.Dossiers;

/// <summary>Administrative-procedure dossiers: submitted, registered, moved through the national statuses, verified; results signed and fees paid through the vendor capabilities.</summary>
public sealed class DossiersModule : IPlatformModule
{
    public string Name => "dossiers";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DossierEventStore>();
        builder.Services.AddSingleton<DossierQueries>();
        builder.Services.AddSingleton<AttachmentStore>();
        builder.Services.AddSingleton<FormQueries>();
        builder.Services.AddSingleton<ResultStore>();
        builder.Services.AddSingleton<PaymentStore>();
        builder.Services.AddSingleton<TrustedSigningRoots>();
        builder.Services.AddHostedService<AbandonedUploadSweeper>();
        builder.Services.AddSingleton(DeadlineClock.Default);
        builder.Services.AddHostedService<DeadlineWatchStarter>();
        builder.Services.AddSingleton<IVirusScanner, EicarTestScanner>();
        builder.Services.AddLookupRateLimits(builder.Configuration);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapDossiersApi().MapFormsApi().MapResultsApi().MapPaymentsApi().MapLookupApi().MapVocabularyApi().MapPopulationApi();
}
