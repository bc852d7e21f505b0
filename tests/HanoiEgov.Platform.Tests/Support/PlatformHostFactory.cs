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
internal sealed class PlatformHostFactory(string databaseConnectionString, string redisConnectionString) : WebApplicationFactory<Program>
{
    public List<Activity> FinishedActivities { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in Settings(databaseConnectionString, redisConnectionString))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(FinishedActivities)));
    }

    /// <summary>The settings Aspire's Orleans and Npgsql integrations would give the process, on fresh ports.</summary>
    public static Dictionary<string, string> Settings(string databaseConnectionString, string redisConnectionString)
    {
        var cluster = $"test-{Guid.NewGuid():N}";
        return new Dictionary<string, string>
        {
            ["ConnectionStrings:egov"] = databaseConnectionString,
            ["ConnectionStrings:redis"] = redisConnectionString,
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
