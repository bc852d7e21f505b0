using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using Npgsql;

namespace HanoiEgov.Benchmarks;

/// <summary>
/// Everything the benchmark measures against, started fresh: PostgreSQL and Redis as local processes (the AppHost's
/// own code), the identity server with realm <c>hanoi</c>, and the platform host's Release build as its own process.
/// </summary>
internal sealed class BenchPlatform : IAsyncDisposable
{
    // Production requires every capability to name its vendor; submissions and queries call none.
    private static readonly Dictionary<string, string> NoVendors = new[] { "DigitalSignature", "Sms", "Email", "Payment", "PopulationRegistry" }
        .ToDictionary(capability => $"Capabilities:{capability}", _ => "Null");

    private readonly LocalServerSet servers;
    private readonly IdentityServerFactory identity;
    private readonly ServerProcess host;

    private BenchPlatform(LocalServerSet servers, IdentityServerFactory identity, ServerProcess host, string database, HttpClient http)
    {
        this.servers = servers;
        this.identity = identity;
        this.host = host;
        Database = database;
        Http = http;
        DataSource = NpgsqlDataSource.Create(database);
    }

    /// <summary>The platform's database (superuser).</summary>
    public string Database { get; }

    public NpgsqlDataSource DataSource { get; }

    public HttpClient Http { get; }

    public int PostgresPort => servers.PostgresPort;

    public string PostgresPassword => servers.PostgresPassword;

    public string PostgresBinDirectory => servers.PostgresBinDirectory;

    public static async Task<BenchPlatform> StartAsync()
    {
        Console.WriteLine("Starting PostgreSQL, Redis, the identity server and the platform host (Release)...");
        var servers = await LocalServerSet.StartAsync("bench", "max_connections=200", "shared_buffers=512MB");
        // Stopped or failing, the benchmark leaves no server behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.CancelKeyPress += (_, _) => servers.DisposeAsync().AsTask().GetAwaiter().GetResult();
        // WebApplicationFactory finds the identity server's content root through a manifest in the working directory.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        var identity = new IdentityServerFactory(await servers.CreateDatabaseAsync("identity"), FreePort.Next());
        identity.Start();
        var database = await servers.CreateDatabaseAsync("egov");
        var host = PlatformHostProcess.Start(database, servers.RedisConnectionString, identity.BaseAddress, out var address, "Release", "Production", NoVendors);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => host.Dispose();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = address };
        try
        {
            await Eventually.HealthyAsync(http, TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine(host.Output);
            throw;
        }

        return new BenchPlatform(servers, identity, host, database, http);
    }

    /// <summary>A demo user's access token from a real code flow at the identity server.</summary>
    public async Task<string> TokenAsync(string username, string clientId)
    {
        var tokens = await new RealmTokens(identity.Issuer).SignInAsync(username, clientId);
        return tokens.GetProperty("access_token").GetString()!;
    }

    /// <summary>Hanoi's communes and wards, the receiving agencies.</summary>
    public async Task<IReadOnlyList<string>> HanoiAgenciesAsync()
    {
        var page = await Http.GetFromJsonAsync<JsonElement>("/api/admin-units?parent=01&pageSize=200");
        return [.. page.GetProperty("items").EnumerateArray().Select(unit => unit.GetProperty("code").GetString()!)];
    }

    /// <summary>The platform host's resident memory now and at its peak, in MiB.</summary>
    public (double Now, double Peak) HostMemory()
    {
        var status = File.ReadAllLines($"/proc/{host.Id}/status");
        double Field(string name) =>
            double.Parse(status.Single(line => line.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return (Field("VmRSS:"), Field("VmHWM:"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await DataSource.DisposeAsync();
        host.Dispose();
        await ((IAsyncDisposable)identity).DisposeAsync();
        await servers.DisposeAsync();
    }
}
