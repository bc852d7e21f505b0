using System.Text.Json.Serialization;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.PlatformHost.Apis;
using HanoiEgov.Vendors;
using Orleans.Runtime;
using Scalar.AspNetCore;

namespace HanoiEgov.PlatformHost;

internal static class Extensions
{
    /// <summary>The connection names the AppHost gives this process (see AppHost/AppHost.cs).</summary>
    public const string DatabaseConnectionName = "egov";
    public const string RedisConnectionName = "redis";

    public static WebApplicationBuilder AddPlatformHost(this WebApplicationBuilder builder, IReadOnlyList<IPlatformModule> modules)
    {
        // No session state is kept on pooled connections (the migrator releases its lock itself): skip the reset on
        // every open, and let repeated statements be prepared once per connection.
        builder.AddNpgsqlDataSource(DatabaseConnectionName, configureDataSourceBuilder: dataSource =>
        {
            dataSource.ConnectionStringBuilder.NoResetOnClose = true;
            dataSource.ConnectionStringBuilder.MaxAutoPrepare = 64;
        });
        builder.AddKeyedRedisClient(RedisConnectionName);
        // The web server answers /health while the silo still waits for Redis.
        builder.Services.Configure<HostOptions>(host => host.ServicesStartConcurrently = true);
        builder.Services.AddSingleton<SiloStartupGate>();
        builder.Services.AddHealthChecks().AddCheck<SiloStartupGate>("orleans-silo");
        builder.UseOrleans(silo => silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(
            services => services.GetRequiredService<SiloStartupGate>()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.AddKeycloakJwtBearer();
        // Modules add their rate-limiting policies (the dossiers module's) to the same options.
        builder.Services.AddRateLimiter(_ => { });
        builder.AddPlatformModules(modules);
        builder.AddConfiguredVendors();
        builder.AddVendorCapabilities();
        return builder;
    }

    public static WebApplication UsePlatformHost(this WebApplication app, IReadOnlyList<IPlatformModule> modules)
    {
        // Limits per address count the citizen's address a portal forwards, not the portal's (loopback and
        // ForwardedHeaders:KnownNetworks are trusted to say it). The Development API reference runs scripts of its own.
        app.UseWebFrontDoor("/api-reference");
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: limits per user know the user, and a refused caller spends nobody's share.
        app.UseRateLimiter();

        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi().AllowAnonymous();
            app.MapScalarApiReference("/api-reference").AllowAnonymous();
        }

        app.MapDefaultEndpoints();
        app.MapCallerApi();
        app.MapVendorsApi();
        app.MapPlatformModules(modules);
        return app;
    }
}
