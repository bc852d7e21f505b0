using Aspire.Hosting.ApplicationModel;
using HanoiEgov.AppHost.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.AppHost.Identity;

/// <summary>
/// Single sign-on for realm <c>hanoi</c>: Keycloak's container where containers run, otherwise the platform's
/// Keycloak-compatible server. Both import <c>Realms/hanoi-realm.json</c> (and, in Development only, the demo users of
/// <c>Realms/dev/hanoi-users-0.json</c>), listen on the same port and issue the same token shapes; services only ever
/// see the Keycloak section this class writes into them. A published AppHost runs Keycloak for production.
/// </summary>
internal sealed record PlatformIdentity(IResourceBuilder<IResourceWithEndpoints> Server, EndpointReference Endpoint, IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> ClientSecrets)
{
    public const string ResourceName = "identity";
    public const string Realm = "hanoi";
    public const string KeycloakImage = "keycloak/keycloak";
    public const string KeycloakTag = "26.4";
    public const string KeycloakRegistry = "quay.io";
    public const int DefaultPort = 8080;
    public const string ImportFolder = "/opt/keycloak/data/import";
    public const string RealmFileName = "hanoi-realm.json";

    /// <summary>Keycloak imports a realm's users from <c>&lt;realm&gt;-users-&lt;n&gt;.json</c> beside its realm file.</summary>
    public const string DemoUsersFileName = "hanoi-users-0.json";

    /// <summary>Keycloak's own database on the platform's PostgreSQL server, where Keycloak runs for production.</summary>
    public const string KeycloakDatabaseName = "keycloak-db";

    /// <summary>The public host name Keycloak serves for production (KC_HOSTNAME), e.g. <c>sso.hanoi.gov.vn</c>.</summary>
    public const string HostnameParameter = "keycloak-hostname";

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
        var realmFile = Path.Combine(builder.AppHostDirectory, "Realms", PlatformIdentity.RealmFileName);
        // The demo users share one published password, so only a Development run imports them.
        var demoUsersFile = !builder.ExecutionContext.IsPublishMode && builder.Environment.IsDevelopment()
            ? Path.Combine(builder.AppHostDirectory, "Realms", "dev", PlatformIdentity.DemoUsersFileName)
            : null;
        var secrets = PlatformIdentity.SecretVariables.ToDictionary(
            client => client.Key,
            client => builder.AddParameter($"{client.Key}-secret", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true));

        IResourceBuilder<IResourceWithEndpoints> server;
        if (infrastructure.Mode == InfrastructureMode.Containers)
        {
            var admin = builder.AddParameter("keycloak-admin-password", new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);
            var keycloak = builder.AddContainer(PlatformIdentity.ResourceName, PlatformIdentity.KeycloakImage, PlatformIdentity.KeycloakTag)
                .WithImageRegistry(PlatformIdentity.KeycloakRegistry)
                .WithBindMount(realmFile, $"{PlatformIdentity.ImportFolder}/{PlatformIdentity.RealmFileName}", isReadOnly: true)
                .WithHttpEndpoint(port: port, targetPort: 8080, name: "http")
                .WithHttpEndpoint(targetPort: 9000, name: "management")
                .WithEnvironment("KC_HEALTH_ENABLED", "true")
                .WithEnvironment("KC_BOOTSTRAP_ADMIN_USERNAME", "admin")
                .WithEnvironment("KC_BOOTSTRAP_ADMIN_PASSWORD", admin)
                .WithRealmVariables(secrets, portals)
                .WithHttpHealthCheck("/health/ready", endpointName: "management");
            if (builder.ExecutionContext.IsPublishMode)
            {
                keycloak.ForProduction(builder, infrastructure);
            }
            else
            {
                keycloak.WithArgs("start-dev", "--import-realm");
                if (demoUsersFile is not null)
                {
                    keycloak.WithBindMount(demoUsersFile, $"{PlatformIdentity.ImportFolder}/{PlatformIdentity.DemoUsersFileName}", isReadOnly: true);
                }
            }

            server = keycloak;
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
            if (demoUsersFile is not null)
            {
                project.WithEnvironment("Realm__UsersFile", demoUsersFile);
            }

            // Tests that sign many people in from one address raise the server's login limit per address.
            if (builder.Configuration["Identity:LoginRateLimit:PermitLimit"] is { Length: > 0 } loginLimit)
            {
                project.WithEnvironment("LoginRateLimit__PermitLimit", loginLimit);
            }

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

    /// <summary>
    /// Keycloak as production runs it: <c>start</c> (strict hostname, caches and settings for production) with its own
    /// database on the platform's PostgreSQL server and the public host name from a parameter. TLS ends at the ingress
    /// in front of it, which forwards <c>X-Forwarded-*</c>. The realm file is imported at the first start; no demo users.
    /// </summary>
    private static void ForProduction(
        this IResourceBuilder<ContainerResource> keycloak, IDistributedApplicationBuilder builder, PlatformInfrastructure infrastructure)
    {
        if (infrastructure.Database.Resource is not PostgresDatabaseResource platformDatabase)
        {
            throw new InvalidOperationException("A published AppHost runs PostgreSQL as Aspire's container resource; Keycloak's database goes on it.");
        }

        var postgres = builder.CreateResourceBuilder(platformDatabase.Parent);
        var database = postgres.AddDatabase(PlatformIdentity.KeycloakDatabaseName, "keycloak");
        var hostname = builder.AddParameter(PlatformIdentity.HostnameParameter);
        keycloak.WithArgs("start", "--import-realm")
            .WithEnvironment("KC_DB", "postgres")
            .WithEnvironment("KC_DB_URL", database.Resource.JdbcConnectionString)
            .WithEnvironment("KC_DB_USERNAME", postgres.Resource.UserNameReference)
            .WithEnvironment("KC_DB_PASSWORD", ReferenceExpression.Create($"{postgres.Resource.PasswordParameter}"))
            .WithEnvironment("KC_HOSTNAME", hostname)
            .WithEnvironment("KC_HTTP_ENABLED", "true")
            .WithEnvironment("KC_PROXY_HEADERS", "xforwarded")
            .WaitFor(database);
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
