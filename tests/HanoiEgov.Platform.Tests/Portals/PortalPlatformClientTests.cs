using System.Net;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>The portals' client of the platform API, as AddPortalShell builds it, in front of a platform that answers 503.</summary>
[Trait("Category", "Unit")]
public sealed class PortalPlatformClientTests
{
    [Fact]
    public async Task A_step_is_sent_once_while_a_read_is_retried_when_the_platform_answers_503()
    {
        var platform = new Unavailable();
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["services:platform:http:0"] = "http://127.0.0.1:1";
        builder.Configuration["Keycloak:realm"] = "hanoi";
        builder.Configuration["Keycloak:auth-server-url"] = "http://127.0.0.1:1/";
        builder.Configuration["Keycloak:resource"] = "citizen-portal";
        builder.AddServiceDefaults();
        builder.AddPortalShell(new PortalOptions("Cổng", "Portal", ForOfficials: false, []));
        builder.Services.AddHttpClient(PlatformApi.ClientName).ConfigurePrimaryHttpMessageHandler(() => platform);
        builder.Services.PostConfigure<HttpStandardResilienceOptions>($"{PlatformApi.ClientName}-standard", options => options.Retry.Delay = TimeSpan.FromMilliseconds(1));
        await using var app = builder.Build();
        var client = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(PlatformApi.ClientName);

        using var step = await client.PostAsync("/api/dossiers/00000000-0000-0000-0000-000000000001/actions", new StringContent("{}"), TestContext.Current.CancellationToken);
        var stepAttempts = platform.Attempts;
        using var read = await client.GetAsync("/api/dossiers/00000000-0000-0000-0000-000000000001", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, step.StatusCode);
        Assert.Equal(1, stepAttempts);
        Assert.Equal(1 + 3, platform.Attempts - stepAttempts);
    }

    private sealed class Unavailable : HttpMessageHandler
    {
        public int Attempts;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Attempts);
            var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { RequestMessage = request };
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
            return Task.FromResult(response);
        }
    }
}
