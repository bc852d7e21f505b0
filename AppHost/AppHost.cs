using HanoiEgov.AppHost.Identity;
using HanoiEgov.AppHost.Infrastructure;
using HanoiEgov.AppHost.Vendors;
using Microsoft.Extensions.Configuration;

namespace HanoiEgov.AppHost;

internal static class Program
{
    public const string PlatformName = "platform";
    public const string OrleansClusterName = "cluster";
    public const string CitizenPortalName = "citizen-portal";
    public const string OfficialsPortalName = "officials-portal";

    /// <summary>Publish-mode parameters: the host names (<c>;</c>-separated) each public service answers to.</summary>
    public const string PlatformHostsParameter = "platform-hosts";
    public const string CitizenPortalHostsParameter = "citizen-portal-hosts";
    public const string OfficialsPortalHostsParameter = "officials-portal-hosts";

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

        var platform = builder.AddProject<Projects.HanoiEgov_PlatformHost>(PlatformName)
            .WithReference(orleans)
            .WithReference(infrastructure.Database)
            .WaitFor(infrastructure.Database)
            .WaitFor(infrastructure.Redis)
            .WithEndpoint("http", endpoint => endpoint.Port = builder.Configuration.GetValue("Platform:Port", 5080))
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health")
            .WithReplicas(builder.Configuration.GetValue("Platform:Replicas", 2));

        var sandbox = builder.AddVendorSandbox();
        platform.WithVendorSandbox(sandbox);
        // Dossier chain heads are anchored into files outside the database, the sandbox playing the TSA (docs/tamper-evidence.md).
        if (sandbox is not null)
        {
            platform.WithEnvironment("Dossiers__Anchoring__Directory", Path.Combine(InfrastructureSettings.From(builder.Configuration).StateDirectory, PlatformName, "anchoring"));
        }

        // The portals share the sessions the realm has revoked through Redis, so every instance refuses them.
        var citizenPortal = builder.AddProject<Projects.HanoiEgov_CitizenPortal>(CitizenPortalName)
            .WithReference(platform)
            .WithReference(infrastructure.Redis)
            .WaitFor(infrastructure.Redis)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health");
        // The payment gateway sends the citizen back to the portal's page for the dossier; that page forwards the
        // gateway's query to the platform's callback server-side (the IPN reaches the platform directly).
        platform.WithEnvironment("Dossiers__Payments__ReturnUrl", ReferenceExpression.Create($"{citizenPortal.GetEndpoint("http")}/dossiers/{{dossierId}}/pay/return"));
        if (sandbox is not null)
        {
            // The pay form ends at the gateway's page: the page policy's form-action must name the gateway's origin.
            citizenPortal.WithEnvironment("SecurityHeaders__FormActionOrigins", sandbox.Resource.GetEndpoint("http"));
        }

        var officialsPortal = builder.AddProject<Projects.HanoiEgov_OfficialsPortal>(OfficialsPortalName)
            .WithReference(platform)
            .WithReference(infrastructure.Redis)
            .WaitFor(infrastructure.Redis)
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health");

        if (builder.ExecutionContext.IsPublishMode)
        {
            // Outside Development every web host answers only to its own host names (ServiceDefaults' front door).
            platform.WithEnvironment("AllowedHosts", builder.AddParameter(PlatformHostsParameter));
            citizenPortal.WithEnvironment("AllowedHosts", builder.AddParameter(CitizenPortalHostsParameter));
            officialsPortal.WithEnvironment("AllowedHosts", builder.AddParameter(OfficialsPortalHostsParameter));
        }

        var identity = builder.AddPlatformIdentity(infrastructure, new Dictionary<string, IResourceBuilder<ProjectResource>>
        {
            ["CITIZEN_PORTAL_URL"] = citizenPortal,
            ["OFFICIALS_PORTAL_URL"] = officialsPortal,
        });
        platform.WithKeycloak(identity, "platform-api");
        citizenPortal.WithKeycloak(identity, CitizenPortalName);
        officialsPortal.WithKeycloak(identity, OfficialsPortalName);

        builder.Build().Run();
    }
}
