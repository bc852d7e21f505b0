using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using Npgsql;

namespace HanoiEgov.Benchmarks;

/// <summary>
/// Everything the benchmark measures against, started fresh: PostgreSQL and Redis as local processes (the AppHost's
/// own code), the identity server with realm <c>hanoi</c>, the platform host's Release build as its own process, and
/// the portals' Release builds, each started when first asked for.
/// </summary>
internal sealed class BenchPlatform : IAsyncDisposable
{
    // Production requires every capability to name its vendor, and refuses the development provider for payment,
    // signature, population data, residence, social insurance and identity cards: those are the sandbox's modules (submissions and queries call none).
    private static Dictionary<string, string> Vendors(VendorSandboxServer sandbox) => new(sandbox.VendorSettings())
    {
        ["Capabilities:DigitalSignature"] = "VNPT",
        ["Capabilities:Sms"] = "Null",
        ["Capabilities:Email"] = "Null",
        ["Capabilities:Payment"] = "Viettel",
        ["Capabilities:PopulationRegistry"] = "FPT",
        ["Capabilities:ResidenceRegistry"] = "LGSP",
        ["Capabilities:SocialInsurance"] = "LGSP",
        ["Capabilities:IdentityCardRegistry"] = "LGSP",
        ["Dossiers:Payments:ReturnUrl"] = "http://localhost/dossiers/{dossierId}/pay/return",
        // The interlinked benchmark counts working days in seconds: the process manager looks often.
        ["Interlinked:PollEvery"] = "00:00:00.200",
    };

    /// <summary>One Orleans cluster for every replica the benchmark starts.</summary>
    private static readonly string Cluster = $"bench-{Guid.NewGuid():N}";

    private readonly IReadOnlyDictionary<string, string> hostSettings;
    private readonly LocalServerSet servers;
    private readonly VendorSandboxServer sandbox;
    private readonly IdentityServerFactory identity;
    private readonly ServerProcess host;
    private readonly IReadOnlyDictionary<PortalApp, Uri> portalAddresses;
    private readonly Dictionary<PortalApp, ServerProcess> portals = [];
    private bool loaded;

    private BenchPlatform(
        LocalServerSet servers, VendorSandboxServer sandbox, IdentityServerFactory identity, ServerProcess host, IReadOnlyDictionary<PortalApp, Uri> portalAddresses, string database, HttpClient http,
        IReadOnlyDictionary<string, string> hostSettings)
    {
        this.hostSettings = hostSettings;
        this.servers = servers;
        this.sandbox = sandbox;
        this.identity = identity;
        this.host = host;
        this.portalAddresses = portalAddresses;
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
        var portalAddresses = PortalApp.All.ToDictionary(portal => portal, _ => new Uri($"http://localhost:{FreePort.Next()}"));
        // The realm sends users back to the portals where the benchmark starts them, not to the tests' fixed addresses.
        var identity = new IdentityServerFactory(
            await servers.CreateDatabaseAsync("identity"), FreePort.Next(), portalAddresses.ToDictionary(portal => portal.Key.RealmUrlVariable, portal => portal.Value.AbsoluteUri.TrimEnd('/')));
        identity.Start();
        var database = await servers.CreateDatabaseAsync("egov");
        var sandbox = await VendorSandboxServer.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => sandbox.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var hostSettings = new Dictionary<string, string>(Vendors(sandbox)) { ["Orleans:ClusterId"] = Cluster, ["Orleans:ServiceId"] = Cluster };
        var host = PlatformHostProcess.Start(database, servers.RedisConnectionString, identity.BaseAddress, out var address, "Release", "Production", hostSettings);
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

        return new BenchPlatform(servers, sandbox, identity, host, portalAddresses, database, http, hostSettings);
    }


    /// <summary>PostgreSQL and Redis, for the fault benchmark to restart.</summary>
    internal LocalServerSet Servers => servers;

    /// <summary>The vendor sandbox the platform's VNPT, Viettel and FPT modules call, for the fault benchmark's outage switch.</summary>
    internal VendorSandboxServer Sandbox => sandbox;

    /// <summary>The first replica's process, for the fault benchmark to kill.</summary>
    internal ServerProcess Host => host;

    /// <summary>Another replica of the platform host (another silo of the same cluster, on the same database), healthy.</summary>
    public async Task<(ServerProcess Process, HttpClient Http)> StartReplicaAsync()
    {
        var replica = PlatformHostProcess.Start(Database, servers.RedisConnectionString, identity.BaseAddress, out var address, "Release", "Production", hostSettings);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => replica.Dispose();
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = address };
        try
        {
            await Eventually.HealthyAsync(http, TimeSpan.FromSeconds(120));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine(replica.Output);
            throw;
        }

        return (replica, http);
    }

    /// <summary>A demo user's access token from a real code flow at the identity server.</summary>
    public async Task<string> TokenAsync(string username, string clientId)
    {
        var portal = PortalApp.All.Single(portal => portal.ClientId == clientId);
        var tokens = await new RealmTokens(identity.Issuer).SignInAsync(username, clientId, redirectUri: $"{portalAddresses[portal].AbsoluteUri.TrimEnd('/')}/signin-oidc");
        return tokens.GetProperty("access_token").GetString()!;
    }

    /// <summary>Hanoi's communes and wards, the receiving agencies.</summary>
    public async Task<IReadOnlyList<string>> HanoiAgenciesAsync()
    {
        var page = await Http.GetFromJsonAsync<JsonElement>("/api/admin-units?parent=01&pageSize=200");
        return [.. page.GetProperty("items").EnumerateArray().Select(unit => unit.GetProperty("code").GetString()!)];
    }

    /// <summary>Loads <paramref name="count"/> dossiers with <see cref="DossierLoader"/> the first time any section asks.</summary>
    public async Task LoadDossiersAsync(int count)
    {
        if (!loaded)
        {
            await DossierLoader.LoadAsync(DataSource, await HanoiAgenciesAsync(), DossierLoader.Busiest, count, DateTimeOffset.UtcNow);
            loaded = true;
        }
    }

    /// <summary>The portal's Release build as its own process, started the first time it is asked for and answering <c>/health</c>.</summary>
    public async Task<Uri> PortalAsync(PortalApp portal)
    {
        var address = portalAddresses[portal];
        if (portals.ContainsKey(portal))
        {
            return address;
        }

        Console.WriteLine($"Starting the {portal.ClientId} (Release) at {address}...");
        var process = portals[portal] = PortalProcess.Start(portal, address, Http.BaseAddress!, identity.BaseAddress);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => process.Dispose();
        using var probe = new HttpClient { BaseAddress = address };
        try
        {
            await Eventually.HealthyAsync(probe, TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine(process.Output);
            throw;
        }

        return address;
    }

    /// <summary>The platform host's resident memory now and at its peak, in MiB.</summary>
    public (double Now, double Peak) HostMemory() => MemoryOf(host.Id);

    /// <summary>A started portal's resident memory now and at its peak, in MiB.</summary>
    public (double Now, double Peak) PortalMemory(PortalApp portal) => MemoryOf(portals[portal].Id);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await DataSource.DisposeAsync();
        foreach (var portal in portals.Values)
        {
            portal.Dispose();
        }

        host.Dispose();
        await ((IAsyncDisposable)identity).DisposeAsync();
        await servers.DisposeAsync();
    }

    private static (double Now, double Peak) MemoryOf(int processId)
    {
        var status = File.ReadAllLines($"/proc/{processId}/status");
        double Field(string name) =>
            double.Parse(status.Single(line => line.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        return (Field("VmRSS:"), Field("VmHWM:"));
    }
}
