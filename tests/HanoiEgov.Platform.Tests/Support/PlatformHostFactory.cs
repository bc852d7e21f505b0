using System.Diagnostics;
using HanoiEgov.PlatformHost;
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
/// <param name="clock">The platform's clock in place of the system's, e.g. a <see cref="ShiftedClock"/> a test moves ahead.</param>
internal sealed class PlatformHostFactory(
    string databaseConnectionString, string redisConnectionString, Uri identityServer, IReadOnlyDictionary<string, string>? extraSettings = null,
    TimeProvider? clock = null) : WebApplicationFactory<Program>
{
    public List<Activity> FinishedActivities { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in PlatformHostProcess.Settings(databaseConnectionString, redisConnectionString, identityServer).Concat(extraSettings ?? new Dictionary<string, string>()))
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(FinishedActivities));
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        });
    }
}
