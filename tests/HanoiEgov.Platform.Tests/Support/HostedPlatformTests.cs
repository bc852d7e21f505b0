namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// Tests against one platform host in process, on a database of their own and the shared Redis and identity
/// server, started healthy before each test.
/// </summary>
public abstract class HostedPlatformTests(LocalServersFixture servers, string purpose) : IAsyncLifetime
{
    private PlatformHostFactory? factory;
    private HttpClient? client;
    private string? database;

    protected LocalServersFixture Servers => servers;

    /// <summary>The connection string of this class's database, for a second replica or direct SQL.</summary>
    protected string Database => database ?? throw new InvalidOperationException("The platform host has not started.");

    internal PlatformHostFactory Factory => factory ?? throw new InvalidOperationException("The platform host has not started.");

    protected HttpClient Client => client ?? throw new InvalidOperationException("The platform host has not started.");

    public async ValueTask InitializeAsync()
    {
        database = await servers.CreateDatabaseAsync(purpose);
        factory = new PlatformHostFactory(database, servers.RedisConnectionString, servers.Identity.BaseAddress, await SettingsAsync(), Clock);
        client = factory.CreateClient();
        await Eventually.HealthyAsync(client, TimeSpan.FromSeconds(90));
    }

    /// <summary>The platform's clock; null for the system's.</summary>
    protected virtual TimeProvider? Clock => null;

    /// <summary>Settings beyond the AppHost's, e.g. vendor modules pointed at a sandbox.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string>> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    public async ValueTask DisposeAsync()
    {
        client?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
