using System.Net;
using System.Net.Http.Json;
using HanoiEgov.AppHost.Infrastructure;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.PlatformHost;

[Trait("Category", "Integration")]
public sealed class LateRedisTests(LocalServersFixture servers)
{
    [Fact]
    public async Task A_host_started_before_Redis_stays_up_unhealthy_and_serves_once_it_arrives()
    {
        var state = TestDirectories.Create("late-redis");
        var redis = new LocalRedis(LocalServerSet.RequireLocalServers().RedisServer!, state, FreePort.Next());
        redis.EnsureConfigured();
        using var host = PlatformHostProcess.Start(await servers.CreateDatabaseAsync("lateredis"), redis.ConnectionString, servers.Identity.BaseAddress, out var baseAddress);
        using var client = new HttpClient { BaseAddress = baseAddress };
        try
        {
            var waiting = await Eventually.FindAsync(() => TryGet(client, "/health"), TimeSpan.FromSeconds(60));
            using var unit = await client.GetAsync("/api/admin-units/00004", TestContext.Current.CancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unit.StatusCode);
            Assert.False(host.HasExited, host.Output);

            using var server = ServerProcess.Start("late-redis", redis.ServerCommand());
            await Eventually.HealthyAsync(client, TimeSpan.FromSeconds(90));
            var details = await client.GetFromJsonAsync<AdministrativeUnitDetails>("/api/admin-units/00004", TestContext.Current.CancellationToken);
            Assert.Equal("Ba Đình", details!.Unit.Name);
        }
        finally
        {
            host.Stop();
            TestDirectories.Delete(state);
        }
    }

    private static async Task<HttpResponseMessage?> TryGet(HttpClient client, string path)
    {
        try
        {
            return await client.GetAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
