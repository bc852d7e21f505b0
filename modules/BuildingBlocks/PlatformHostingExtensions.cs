using HanoiEgov.BuildingBlocks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>How a host composes the modules it lists: services, schema, endpoints, errors.</summary>
public static class PlatformHostingExtensions
{
    public const string DatabaseHealthCheckName = "database-schema";

    public static IHostApplicationBuilder AddPlatformModules(this IHostApplicationBuilder builder, IReadOnlyList<IPlatformModule> modules)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.AddExceptionHandler<TransientDependencyExceptionHandler>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<DatabaseReadiness>();
        builder.Services.AddHostedService<DatabaseStartupService>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadinessHealthCheck>(DatabaseHealthCheckName);

        foreach (var module in modules)
        {
            builder.Services.AddSingleton(module);
            module.AddServices(builder);
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapPlatformModules(this IEndpointRouteBuilder endpoints, IReadOnlyList<IPlatformModule> modules)
    {
        foreach (var module in modules)
        {
            module.MapEndpoints(endpoints);
        }

        return endpoints;
    }
}
