using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Anchoring;
using HanoiEgov.Modules.Dossiers.Apis;
using HanoiEgov.Modules.Dossiers.Domain;
using HanoiEgov.Modules.Dossiers.Interlinked;
using HanoiEgov.Modules.Dossiers.Officials;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace HanoiEgov.Modules.Dossiers;

/// <summary>Administrative-procedure dossiers: submitted, registered, moved through the national statuses, verified; results signed and fees paid through the vendor capabilities.</summary>
public sealed class DossiersModule : IPlatformModule
{
    public string Name => "dossiers";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DossierEventStore>();
        builder.Services.AddSingleton<DossierQueries>();
        builder.Services.AddSingleton<DossierAccess>();
        builder.Services.AddSingleton<StatisticsQueries>();
        builder.Services.AddSingleton<AttachmentStore>();
        builder.Services.AddSingleton<FormQueries>();
        builder.Services.AddSingleton<ResultStore>();
        builder.Services.AddSingleton<PaymentStore>();
        builder.Services.AddSingleton<PopulationLookups>();
        builder.Services.AddSingleton<TrustedSigningRoots>();
        builder.Services.AddHostedService<AbandonedUploadSweeper>();
        builder.Services.AddSingleton(DeadlineClock.Default);
        builder.Services.AddHostedService<DeadlineWatchStarter>();
        // One instance: it remembers when the host started, so a watch that never ticked is noticed.
        builder.Services.AddSingleton<DeadlineWatchHealthCheck>();
        builder.Services.AddHealthChecks().AddCheck<DeadlineWatchHealthCheck>("deadline-watch");
        builder.Services.AddSingleton<IVirusScanner, EicarTestScanner>();
        builder.Services.AddSingleton<InterlinkedStore>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(InterlinkedOptions.Section).Get<InterlinkedOptions>() ?? new InterlinkedOptions());
        builder.Services.AddHostedService<InterlinkedWatch>();
        builder.Services.AddDossierRateLimits(builder.Configuration);
        builder.AddDossierAnchoring();
        PaymentsApi.AddPaymentOptions(builder);
        UploadQuotaOptions.Add(builder.Services);
        AddOfficialDirectory(builder.Services);
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapDossiersApi().MapAttachmentsApi().MapWorklistApi().MapAssignmentApi()
        .MapStatisticsApi().MapFormsApi().MapLedgerApi().MapResultsApi().MapPaymentsApi().MapPaymentCallbackApi().MapLookupApi().MapVocabularyApi()
        .MapPopulationApi().MapInterlinkedApi();

    /// <summary>
    /// The realm's directory of officials over Keycloak's admin API, as the platform's client (the <c>Keycloak</c>
    /// section the AppHost writes). A request waits for it at most a few seconds: an assignment or a list of officials
    /// answers 503 rather than hold the caller while the identity server is away.
    /// </summary>
    private static void AddOfficialDirectory(IServiceCollection services)
    {
        services.AddMemoryCache();
        services.TryAddSingleton(provider => KeycloakSettings.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<IOfficialDirectory, KeycloakOfficialDirectory>();
        var http = services.AddHttpClient(KeycloakOfficialDirectory.HttpClientName);
#pragma warning disable EXTEXP0001 // Removing the platform's default handler is the documented way to give one client its own pipeline.
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        http.AddResilienceHandler(KeycloakOfficialDirectory.HttpClientName, pipeline =>
        {
            pipeline.AddTimeout(TimeSpan.FromSeconds(5));
            var retry = new HttpRetryStrategyOptions { MaxRetryAttempts = 1, Delay = TimeSpan.FromMilliseconds(200) };
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);
            pipeline.AddTimeout(TimeSpan.FromSeconds(2));
        });
    }
}
