using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Dossiers.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Modules.Dossiers;

/// <summary>Administrative-procedure dossiers: the event store, the state machine and (later) the grain and API.</summary>
public sealed class DossiersModule : IPlatformModule
{
    public string Name => "dossiers";

    public void AddServices(IHostApplicationBuilder builder) => builder.Services.AddSingleton<DossierEventStore>();

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
