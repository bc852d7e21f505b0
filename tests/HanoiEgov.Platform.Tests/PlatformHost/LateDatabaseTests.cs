using System.Net;
using System.Net.Http.Json;
using HanoiEgov.AppHost.Infrastructure;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.PlatformHost;

[Trait("Category", "Integration")]
public sealed class LateDatabaseTests(LocalServersFixture servers)
{
    [Fact]
    public async Task A_host_started_before_PostgreSQL_stays_up_unhealthy_and_serves_once_it_arrives()
    {
        var state = TestDirectories.Create("late-postgres");
        var postgres = new LocalPostgres(LocalServerSet.RequireLocalServers().PostgresBinDirectory!, state, FreePort.Next());
        postgres.EnsureInitialized();
        await using var factory = new PlatformHostFactory(postgres.ConnectionString("egov"), servers.RedisConnectionString, servers.Identity.BaseAddress);
        using var client = factory.CreateClient();

        using var health = await client.GetAsync("/health", TestContext.Current.CancellationToken);
        using var query = await client.GetAsync("/api/admin-units?parent=01", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, query.StatusCode);
        Assert.Equal("application/problem+json", query.Content.Headers.ContentType?.MediaType);
        Assert.True(query.Headers.RetryAfter is not null);

        using var server = ServerProcess.Start("late-postgres", postgres.ServerCommand());
        try
        {
            await LocalServerSet.WaitForPostgresAsync(postgres.ConnectionString("postgres"), server);
            await LocalPostgres.EnsureDatabaseAsync(postgres.ConnectionString("postgres"), "egov", TestContext.Current.CancellationToken);
            await Eventually.HealthyAsync(client, TimeSpan.FromSeconds(90));

            var page = await client.GetFromJsonAsync<AdministrativeUnitPage>("/api/admin-units?parent=01", TestContext.Current.CancellationToken);
            Assert.Equal(126, page!.Total);
        }
        finally
        {
            server.Stop();
            TestDirectories.Delete(state);
        }
    }
}
