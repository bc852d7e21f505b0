namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// The platform host as its own process, built alongside the tests, so start-up behaviour is observed exactly as
/// a replica started by the AppHost would show it (the web server answering while the silo still waits).
/// </summary>
internal static class PlatformHostProcess
{
    public static ServerProcess Start(string databaseConnectionString, string redisConnectionString, Uri identityServer, out Uri baseAddress)
    {
        var projectDirectory = Path.GetDirectoryName(new Projects.HanoiEgov_PlatformHost().ProjectPath)!;
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)))!;
        var outputDirectory = Path.Combine(projectDirectory, "bin", configuration, "net10.0");
        baseAddress = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var environment = PlatformHostFactory.Settings(databaseConnectionString, redisConnectionString, identityServer)
            .ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["ASPNETCORE_URLS"] = baseAddress.ToString();
        environment["ASPNETCORE_CONTENTROOT"] = projectDirectory;

        return ServerProcess.Start("platform-host", ("dotnet", [Path.Combine(outputDirectory, "HanoiEgov.PlatformHost.dll")]), environment);
    }
}
