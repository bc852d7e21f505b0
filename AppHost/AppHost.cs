using HanoiEgov.AppHost.Identity;
using HanoiEgov.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HanoiEgov.AppHost;

internal static class Program
{
    public const string PlatformName = "platform";
    public const string OrleansClusterName = "cluster";

    private static void Main(string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(args);

        var infrastructure = builder.AddPlatformInfrastructure();

        // Grain state and reminders belong to the service and outlive runs; each run is a new cluster, so silos
        // killed with the previous run are never waited for when the next one joins.
        var orleans = builder.AddOrleans(OrleansClusterName)
            .WithServiceId("hanoi-egov")
            .WithClusterId($"hanoi-egov-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}")
            .WithClustering(infrastructure.Redis)
            .WithReminders(infrastructure.Redis)
            .WithGrainStorage("catalogue", infrastructure.Redis);

        var identity = builder.AddPlatformIdentity(infrastructure);

        builder.AddProject<Projects.HanoiEgov_PlatformHost>(PlatformName)
            .WithReference(orleans)
            .WithReference(infrastructure.Database)
            .WaitFor(infrastructure.Database)
            .WaitFor(infrastructure.Redis)
            .WithKeycloak(identity, "platform-api")
            .WithEndpoint("http", endpoint => endpoint.Port = builder.Configuration.GetValue("Platform:Port", 5080))
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health")
            .WithReplicas(builder.Configuration.GetValue("Platform:Replicas", 2));

        builder.Build().Run();
    }
}
