using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.AppHost;

/// <summary>The whole AppHost started as a developer starts it (local processes here), on a throwaway state folder.</summary>
public sealed class WholePlatformTests
{
    private static readonly string[] Resources = ["postgres", "egov", "identity-db", "redis", "identity", "platform"];

    [Fact]
    public async Task Every_resource_becomes_healthy_and_the_platform_answers_through_service_discovery()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        var state = TestDirectories.Create("apphost");
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync(
                typeof(HanoiEgov.AppHost.Program),
                [
                    "--Infrastructure:Mode=LocalProcesses",
                    $"--Infrastructure:StateDirectory={state}",
                    $"--Infrastructure:PostgresPort={FreePort.Next()}",
                    $"--Infrastructure:RedisPort={FreePort.Next()}",
                    $"--Platform:Port={FreePort.Next()}",
                ],
                timeout.Token);
            await using var app = await builder.BuildAsync(timeout.Token);
            await app.StartAsync(timeout.Token);

            foreach (var resource in Resources)
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }

            // A sibling service would be given this setting by the AppHost and resolve "http://platform" with it.
            var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            client.Configuration["services:platform:http:0"] = app.GetEndpoint("platform", "http").ToString();
            client.AddServiceDefaults();
            using var services = client.Build();
            using var http = services.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
            http.BaseAddress = new Uri("http://platform");
            var hanoi = await http.GetFromJsonAsync<AdministrativeUnitPage>("/api/admin-units?parent=01&pageSize=1", timeout.Token);
            Assert.Equal(126, hanoi!.Total);

            // A vendor's service account signs in at the realm the AppHost started and is known to the platform.
            var secret = await builder.Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == "vendor-vnpt-secret").GetValueAsync(timeout.Token);
            var issuer = $"{app.GetEndpoint("identity", "http").AbsoluteUri.TrimEnd('/')}/realms/hanoi";
            var token = await new RealmTokens(issuer).ClientCredentialsAsync("vendor-vnpt", secret);
            using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new("Bearer", token) } };
            using var answer = await http.SendAsync(me, timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
            Assert.Contains("service-account-vendor-vnpt", await answer.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        }
        finally
        {
            TestDirectories.Delete(state);
        }
    }
}
