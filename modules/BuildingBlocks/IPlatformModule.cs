using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.BuildingBlocks;

/// <summary>
/// The one contract through which the platform host composes a module. A module is a compile-time
/// reference listed in the host; nothing is discovered or loaded at run time.
/// </summary>
public interface IPlatformModule
{
    /// <summary>Short, stable name used in logs, health checks and the OpenAPI document (e.g. "administrative-units").</summary>
    string Name { get; }

    /// <summary>
    /// Registers the module's services, grains' collaborators and health checks. Runs before the host is built.
    /// </summary>
    void AddServices(IHostApplicationBuilder builder);

    /// <summary>Maps the module's HTTP endpoints. Every endpoint states who may call it.</summary>
    void MapEndpoints(IEndpointRouteBuilder endpoints);

    /// <summary>
    /// The assembly whose embedded <c>Migrations/*.sql</c> scripts create and evolve this module's schema.
    /// Scripts run once each, in name order, at start-up (see <see cref="DatabaseMigrator"/>).
    /// </summary>
    Assembly MigrationsAssembly => GetType().Assembly;
}
