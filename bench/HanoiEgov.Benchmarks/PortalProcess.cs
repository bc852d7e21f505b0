using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Benchmarks;

/// <summary>A portal of the platform: its realm client and the project under <c>apps/</c> it is built from.</summary>
internal sealed record PortalApp(string ClientId, string Project)
{
    public static readonly PortalApp Citizen = new("citizen-portal", "CitizenPortal");

    public static readonly PortalApp Officials = new("officials-portal", "OfficialsPortal");

    public static readonly IReadOnlyList<PortalApp> All = [Citizen, Officials];

    /// <summary>The realm file's placeholder for where the portal is (its redirect, logout and back-channel URLs).</summary>
    public string RealmUrlVariable => ClientId.Replace('-', '_').ToUpperInvariant() + "_URL";
}

/// <summary>
/// A portal's Release build as its own process, configured as the AppHost configures it: the platform found through
/// service discovery (<c>services__platform__http__0</c>), the realm through the <c>Keycloak</c> section with the
/// portal's client and secret.
/// </summary>
internal static class PortalProcess
{
    public static ServerProcess Start(PortalApp portal, Uri address, Uri platform, Uri identityServer)
    {
        var projectDirectory = Path.Combine(TestRealm.RepositoryRoot, "apps", portal.Project);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AllowedHosts"] = "localhost;127.0.0.1",
            ["ASPNETCORE_URLS"] = address.AbsoluteUri,
            ["ASPNETCORE_CONTENTROOT"] = projectDirectory,
            ["Logging__LogLevel__Default"] = "Warning",
            ["services__platform__http__0"] = platform.AbsoluteUri.TrimEnd('/'),
            ["Keycloak__realm"] = TestRealm.Realm,
            ["Keycloak__auth-server-url"] = identityServer.AbsoluteUri,
            ["Keycloak__resource"] = portal.ClientId,
            ["Keycloak__ssl-required"] = "external",
            ["Keycloak__verify-token-audience"] = "true",
            ["Keycloak__credentials__secret"] = TestRealm.SecretOf(portal.ClientId),
        };
        var assembly = Path.Combine(projectDirectory, "bin", "Release", "net10.0", $"HanoiEgov.{portal.Project}.dll");
        return ServerProcess.Start(portal.ClientId, ("dotnet", [assembly]), environment);
    }
}
