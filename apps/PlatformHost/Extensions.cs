using HanoiEgov.BuildingBlocks;
using Scalar.AspNetCore;

namespace HanoiEgov.PlatformHost;

internal static class Extensions
{
    /// <summary>The connection names the AppHost gives this process (see AppHost/AppHost.cs).</summary>
    public const string DatabaseConnectionName = "egov";
    public const string RedisConnectionName = "redis";

    public static WebApplicationBuilder AddPlatformHost(this WebApplicationBuilder builder, IReadOnlyList<IPlatformModule> modules)
    {
        builder.AddNpgsqlDataSource(DatabaseConnectionName);
        builder.AddKeyedRedisClient(RedisConnectionName);
        builder.UseOrleans();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOpenApi();
        builder.Services.AddAuthorization();
        builder.AddPlatformModules(modules);
        return builder;
    }

    public static WebApplication UsePlatformHost(this WebApplication app, IReadOnlyList<IPlatformModule> modules)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthorization();

        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference("/api-reference").AllowAnonymous();
        }

        app.MapDefaultEndpoints();
        app.MapPlatformModules(modules);
        return app;
    }
}
