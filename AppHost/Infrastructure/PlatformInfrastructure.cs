using System.Runtime.Versioning;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace HanoiEgov.AppHost.Infrastructure;

/// <summary>The platform's database and Redis, however this run provides them; the identity database only where
/// the platform's own identity server runs (Keycloak's container keeps its own).</summary>
internal sealed record PlatformInfrastructure(
    InfrastructureMode Mode,
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString>? IdentityDatabase,
    IResourceBuilder<IResourceWithConnectionString> Redis);

internal static class PlatformInfrastructureExtensions
{
    public const string PostgresName = "postgres";
    public const string DatabaseName = "egov";
    public const string IdentityDatabaseName = "identity-db";
    public const string RedisName = "redis";

    /// <summary>
    /// Adds PostgreSQL (database <c>egov</c>) and Redis: Aspire's container resources where a container runtime
    /// answers (or when asked for), Debian's server programs run as local processes otherwise.
    /// </summary>
    public static PlatformInfrastructure AddPlatformInfrastructure(this IDistributedApplicationBuilder builder)
    {
        var settings = InfrastructureSettings.From(builder.Configuration);
        var requested = builder.ExecutionContext.IsPublishMode ? InfrastructureMode.Containers : settings.Mode;
        var runtimeAnswers = requested == InfrastructureMode.Auto
            && ContainerRuntime.Answers(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"]);
        var local = LocalServers.Find(builder.Configuration);

        return InfrastructureSettings.Resolve(requested, runtimeAnswers, local) == InfrastructureMode.Containers
            ? builder.AddContainerInfrastructure(settings)
            : OperatingSystem.IsWindows()
                ? throw new InfrastructureUnavailableException("Local processes need Linux or macOS; on Windows run Docker or Podman.")
                : builder.AddLocalProcessInfrastructure(settings, local);
    }

    private static PlatformInfrastructure AddContainerInfrastructure(this IDistributedApplicationBuilder builder, InfrastructureSettings settings)
    {
        var postgres = builder.AddPostgres(PostgresName, port: settings.PostgresPort)
            .WithDataVolume("hanoi-egov-postgres-data")
            .WithLifetime(ContainerLifetime.Persistent);
        var database = postgres.AddDatabase(DatabaseName);
        var redis = builder.AddRedis(RedisName, port: settings.RedisPort)
            .WithDataVolume("hanoi-egov-redis-data")
            .WithLifetime(ContainerLifetime.Persistent);
        return new PlatformInfrastructure(InfrastructureMode.Containers, database, null, redis);
    }

    [UnsupportedOSPlatform("windows")]
    private static PlatformInfrastructure AddLocalProcessInfrastructure(
        this IDistributedApplicationBuilder builder, InfrastructureSettings settings, LocalServers local)
    {
        var postgres = new LocalPostgres(local.PostgresBinDirectory!, settings.StateDirectory, settings.PostgresPort);
        var redis = new LocalRedis(local.RedisServer!, settings.StateDirectory, settings.RedisPort);

        builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
        {
            postgres.EnsureInitialized();
            redis.EnsureConfigured();
            return Task.CompletedTask;
        });

        var (postgresCommand, postgresArguments) = postgres.ServerCommand();
        var postgresPassword = builder.AddParameter($"{PostgresName}-password", postgres.Password, secret: true);
        var server = builder.AddResource(new LocalPostgresServerResource(PostgresName, postgresCommand, settings.StateDirectory, postgresPassword.Resource))
            .WithArgs([.. postgresArguments])
            .WithEndpoint(port: settings.PostgresPort, targetPort: settings.PostgresPort, scheme: "tcp",
                name: LocalPostgresServerResource.EndpointName, isProxied: false)
            .WithHealthCheck($"{PostgresName}-accepts-connections")
            .ExcludeFromManifest();
        builder.Services.AddHealthChecks()
            .AddNpgSql(postgres.ConnectionString("postgres"), name: $"{PostgresName}-accepts-connections");

        var databases = new[] { (Resource: DatabaseName, Database: "egov"), (Resource: IdentityDatabaseName, Database: "identity") }.Select(database =>
        {
            builder.Services.AddHealthChecks().AddNpgSql(postgres.ConnectionString(database.Database), name: $"{database.Resource}-accepts-connections");
            return builder.AddResource(new LocalPostgresDatabaseResource(database.Resource, database.Database, server.Resource))
                .WithHealthCheck($"{database.Resource}-accepts-connections")
                .ExcludeFromManifest();
        }).ToList();

        // Aspire passes a parent's state on to children of containers only; these children say Running themselves.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (ready, cancellationToken) =>
        {
            var notifications = ready.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in databases)
            {
                await LocalPostgres.EnsureDatabaseAsync(postgres.ConnectionString("postgres"), database.Resource.DatabaseName, cancellationToken);
                await notifications.PublishUpdateAsync(database.Resource, state => state with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
            }
        });

        var (redisCommand, redisArguments) = redis.ServerCommand();
        var redisPassword = builder.AddParameter($"{RedisName}-password", redis.Password, secret: true);
        var redisServer = builder.AddResource(new LocalRedisResource(RedisName, redisCommand, settings.StateDirectory, redisPassword.Resource))
            .WithArgs([.. redisArguments])
            .WithEndpoint(port: settings.RedisPort, targetPort: settings.RedisPort, scheme: "tcp",
                name: LocalRedisResource.EndpointName, isProxied: false)
            .WithHealthCheck($"{RedisName}-answers")
            .WithOrleansProviderType("Redis")
            .ExcludeFromManifest();
        builder.Services.AddHealthChecks().AddRedis(redis.ConnectionString, name: $"{RedisName}-answers");

        return new PlatformInfrastructure(InfrastructureMode.LocalProcesses, databases[0], databases[1], redisServer);
    }
}
