using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// The platform host in process, configured the way the AppHost configures a replica: its own Orleans cluster on
/// the real Redis, its database on the real PostgreSQL. Finished activities are kept for tracing assertions.
/// </summary>
/// <param name="extraSettings">More settings, e.g. the <c>Vendors:*</c> ones the AppHost gives while the vendor sandbox runs.</param>
internal sealed class PlatformHostFactory(
    string databaseConnectionString, string redisConnectionString, Uri identityServer, IReadOnlyDictionary<string, string>? extraSettings = null) : WebApplicationFactory<Program>
{
    public List<Activity> FinishedActivities { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Settings(databaseConnectionString, redisConnectionString, identityServer).Concat(extraSettings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(FinishedActivities)));
    }

    /// <summary>The settings the AppHost would give the process (Orleans, Npgsql, Redis, Keycloak), on fresh ports.</summary>
    public static Dictionary<string, string> Settings(string databaseConnectionString, string redisConnectionString, Uri identityServer)
    {
        var cluster = $"test-{Guid.NewGuid():N}";
        return new Dictionary<string, string>
        {
            ["ConnectionStrings:egov"] = databaseConnectionString,
            ["ConnectionStrings:redis"] = redisConnectionString,
            ["Keycloak:realm"] = TestRealm.Realm,
            ["Keycloak:auth-server-url"] = identityServer.AbsoluteUri,
            ["Keycloak:resource"] = "platform-api",
            ["Keycloak:ssl-required"] = "external",
            ["Orleans:ClusterId"] = cluster,
            ["Orleans:ServiceId"] = cluster,
            ["Orleans:Clustering:ProviderType"] = "Redis",
            ["Orleans:Clustering:ServiceKey"] = "redis",
            ["Orleans:Reminders:ProviderType"] = "Redis",
            ["Orleans:Reminders:ServiceKey"] = "redis",
            ["Orleans:GrainStorage:catalogue:ProviderType"] = "Redis",
            ["Orleans:GrainStorage:catalogue:ServiceKey"] = "redis",
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:Endpoints:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
