using HanoiEgov.AppHost.Infrastructure;

[assembly: AssemblyFixture(typeof(HanoiEgov.Platform.Tests.Support.LocalServersFixture))]

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// Real PostgreSQL and Redis for the whole test run (see <see cref="LocalServerSet"/>) and the identity server.
/// Each test takes a database of its own.
/// </summary>
public sealed class LocalServersFixture : IAsyncLifetime
{
    private LocalServerSet? servers;
    private IdentityServerFactory? identity;

    internal LocalPostgres Postgres => Servers.Postgres;

    public string RedisConnectionString => Servers.RedisConnectionString;

    /// <summary>The Keycloak-compatible identity server, realm <c>hanoi</c>, on a real port.</summary>
    internal IdentityServerFactory Identity => identity ?? throw new InvalidOperationException("The identity server has not started.");

    internal RealmTokens Tokens => new(Identity.Issuer);

    private LocalServerSet Servers => servers ?? throw new InvalidOperationException("PostgreSQL and Redis have not started.");

    public async ValueTask InitializeAsync()
    {
        // Test classes run in parallel, each host with its pools, sweepers, writers and anchoring: 100 was reached.
        servers = await LocalServerSet.StartAsync("servers", "max_connections=300");
        identity = new IdentityServerFactory(await CreateDatabaseAsync("identity"), FreePort.Next());
        identity.Start();
    }

    /// <summary>Creates an empty database with a unique name and returns its connection string.</summary>
    public Task<string> CreateDatabaseAsync(string purpose) => Servers.CreateDatabaseAsync(purpose);

    public async ValueTask DisposeAsync()
    {
        if (identity is not null)
        {
            await identity.DisposeAsync();
        }

        if (servers is not null)
        {
            await servers.DisposeAsync();
        }
    }
}
