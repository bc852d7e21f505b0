using HanoiEgov.BuildingBlocks;
using HanoiEgov.Modules.Procedures.Apis;
using HanoiEgov.Modules.Procedures.Persistence;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Modules.Procedures;

/// <summary>The procedure catalogue and the working-day calendar deadlines are counted on.</summary>
public sealed class ProceduresModule : IPlatformModule
{
    public string Name => "procedures";

    public void AddServices(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IProcedureCatalogue>(_ => ProcedureCatalogue.LoadEmbedded());
        builder.Services.AddSingleton(_ => WorkingCalendar.LoadEmbedded());
        builder.Services.AddSingleton<DeadlineCalculator>();
        builder.Services.AddSingleton<CalendarStore>();
        builder.Services.AddHostedService<CalendarSync>();
    }

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => endpoints.MapProceduresApi().MapCalendarApi();
}
