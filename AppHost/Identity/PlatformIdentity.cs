using Aspire.Hosting.ApplicationModel;
using HanoiEgov.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HanoiEgov.AppHost.Identity;

/// <summary>
/// Single sign-on for realm <c>hanoi</c>: Keycloak's container where containers run, otherwise the platform's
/// Keycloak-compatible server. Both import <c>Realms/hanoi-realm.json</c>, listen on the same port and issue the
/// same token shapes; services only ever see the Keycloak section this class writes into them.
/// </summary>
internal sealed record PlatformIdentity(IResourceBuilder<IResourceWithEndpoints> Server, EndpointReference Endpoint, IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> ClientSecrets)
{
    public const string ResourceName = "identity";
    public const string Realm = "hanoi";
    public const string KeycloakImage = "keycloak/keycloak";
    public const string KeycloakTag = "26.4";
    public const string KeycloakRegistry = "quay.io";
    public const int DefaultPort = 8080;

    /// <summary>The realm file's placeholders for client secrets, and the realm clients they belong to.</summary>
    public static readonly IReadOnlyDictionary<string, string> SecretVariables = new Dictionary<string, string>
    {
        ["citizen-portal"] = "CITIZEN_PORTAL_SECRET",
        ["officials-portal"] = "OFFICIALS_PORTAL_SECRET",
        ["platform-api"] = "PLATFORM_API_SECRET",
        ["vendor-viettel"] = "VENDOR_VIETTEL_SECRET",
        ["vendor-vnpt"] = "VENDOR_VNPT_SECRET",
        ["vendor-fpt"] = "VENDOR_FPT_SECRET",
    };
}

internal static class PlatformIdentityExtensions
{
    /// <param name="portals">The realm file's portal URL placeholders and the portals whose endpoints answer them.</param>
    public static PlatformIdentity AddPlatformIdentity(
        this IDistributedApplicationBuilder builder,
        PlatformInfrastructure infrastructure,
        IReadOnlyDictionary<string, IResourceBuilder<ProjectResource>> portals)
    {
        var port = builder.Configuration.GetValue("Identity:Port", PlatformIdentity.DefaultPort);
        var realmFile = Path.Combine(builder.AppHostDirectory, "Realms", "hanoi-realm.json");
        var secrets = PlatformIdentity.SecretVariables.ToDictionary(
            client => client.Key,
            client => builder.AddParameter($"{client.Key}-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true));

        IResourceBuilder<IResourceWithEndpoints> server;
        if (infrastructure.Mode == InfrastructureMode.Containers)
        {
            var admin = builder.AddParameter("keycloak-admin-password", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);
            server = builder.AddContainer(PlatformIdentity.ResourceName, PlatformIdentity.KeycloakImage, PlatformIdentity.KeycloakTag)
                .WithImageRegistry(PlatformIdentity.KeycloakRegistry)
                .WithArgs("start-dev", "--import-realm")
                .WithBindMount(Path.GetDirectoryName(realmFile)!, "/opt/keycloak/data/import", isReadOnly: true)
                .WithHttpEndpoint(port: port, targetPort: 8080, name: "http")
                .WithHttpEndpoint(targetPort: 9000, name: "management")
                .WithEnvironment("KC_HEALTH_ENABLED", "true")
                .WithEnvironment("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
                .WithEnvironment("KC_BOOTSTRAP_ADMIN_PASSWORD", admin)
                .WithRealmVariables(secrets, portals)
                .WithHttpHealthCheck("/health/ready", endpointName: "management");
        }
        else
        {
            var project = builder.AddProject<Projects.HanoiEgov_IdentityServer>(PlatformIdentity.ResourceName)
                .WithReference(infrastructure.IdentityDatabase!)
                .WaitFor(infrastructure.IdentityDatabase!)
                .WithHttpEndpoint(port: port, name: "http")
                .WithEnvironment("Realm__File", realmFile)
                .WithRealmVariables(secrets, portals)
                .WithHttpHealthCheck("/health");
            server = project.WithEnvironment("Realm__PublicUrl", project.GetEndpoint("http"));
        }

        return new PlatformIdentity(server, server.GetEndpoint("http"), secrets);
    }

    /// <summary>Writes the <c>Keycloak</c> section a service authenticates with, as client <paramref name="clientId"/>.</summary>
    public static IResourceBuilder<T> WithKeycloak<T>(this IResourceBuilder<T> service, PlatformIdentity identity, string clientId)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        service.WithEnvironment("Keycloak__realm", PlatformIdentity.Realm)
            .WithEnvironment("Keycloak__auth-server-url", identity.Endpoint)
            .WithEnvironment("Keycloak__resource", clientId)
            .WithEnvironment("Keycloak__ssl-required", "external")
            .WithEnvironment("Keycloak__verify-token-audience", "true")
            .WaitFor(identity.Server);
        if (identity.ClientSecrets.TryGetValue(clientId, out var secret))
        {
            service.WithEnvironment("Keycloak__credentials__secret", secret);
        }

        return service;
    }

    private static IResourceBuilder<T> WithRealmVariables<T>(
        this IResourceBuilder<T> server,
        Dictionary<string, IResourceBuilder<ParameterResource>> secrets,
        IReadOnlyDictionary<string, IResourceBuilder<ProjectResource>> portals)
        where T : IResourceWithEnvironment
    {
        foreach (var (client, variable) in PlatformIdentity.SecretVariables)
        {
            server.WithEnvironment(variable, secrets[client]);
        }

        foreach (var (variable, portal) in portals)
        {
            server.WithEnvironment(variable, portal.GetEndpoint("http"));
        }

        return server;
    }
}
