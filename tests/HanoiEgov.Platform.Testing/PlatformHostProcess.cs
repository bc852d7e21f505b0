using System.Globalization;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// The platform host as its own process, from its build output, so it is observed exactly as a replica started by
/// the AppHost would be (the tests: start-up behaviour; the benchmark: a Release build under load).
/// </summary>
internal static class PlatformHostProcess
{
    /// <summary>Starts <c>apps/PlatformHost/bin/&lt;configuration&gt;</c>; the tests pass the configuration they were built with.</summary>
    public static ServerProcess Start(
        string databaseConnectionString, string redisConnectionString, Uri identityServer, out Uri baseAddress, string? configuration = null, string environmentName = "Development",
        IReadOnlyDictionary<string, string>? extraSettings = null)
    {
        var projectDirectory = Path.Combine(TestRealm.RepositoryRoot, "apps", "PlatformHost");
        configuration ??= Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var outputDirectory = Path.Combine(projectDirectory, "bin", configuration, "net10.0");
        baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        // Extra settings win over the defaults (e.g. one cluster id for several replicas).
        var settings = Settings(databaseConnectionString, redisConnectionString, identityServer);
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var environment = settings.ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = environmentName;
        environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        environment["ASPNETCORE_CONTENTROOT"] = projectDirectory;

        return ServerProcess.Start("platform-host", ("dotnet", [Path.Combine(outputDirectory, "HanoiEgov.PlatformHost.dll")]), environment);
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
            ["Keycloak:credentials:secret"] = TestRealm.SecretOf("platform-api"),
            ["Orleans:ClusterId"] = cluster,
            ["Orleans:ServiceId"] = cluster,
            ["Orleans:Clustering:ProviderType"] = "Redis",
            ["Orleans:Clustering:ServiceKey"] = "redis",
            ["Orleans:Reminders:ProviderType"] = "Redis",
            ["Orleans:Reminders:ServiceKey"] = "redis",
            ["Orleans:GrainStorage:catalogue:ProviderType"] = "Redis",
            ["Orleans:GrainStorage:catalogue:ServiceKey"] = "redis",
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["Orleans:Endpoints:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["Orleans:Endpoints:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            // Outside Development the host answers only to named hosts; the tests and the benchmark call it by address.
            ["AllowedHosts"] = "127.0.0.1;localhost",
            // Tests and the benchmark submit and upload far faster than a person; the tests of the limits set their own.
            ["Dossiers:Submissions:PerUserPer10Minutes"] = "1000000",
            ["Dossiers:Uploads:PerUserPer10Minutes"] = "1000000",
        };
    }
}
