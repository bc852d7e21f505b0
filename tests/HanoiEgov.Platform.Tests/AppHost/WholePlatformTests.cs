using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using HanoiEgov.Modules.AdministrativeUnits;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Platform.Tests.AppHost;

/// <summary>The whole AppHost as a developer starts it: every resource healthy, the API reachable as siblings reach it.</summary>
[Collection(WholePlatformGroup.Name)]
[Trait("Category", "Integration")]
public sealed class WholePlatformTests(WholePlatformFixture platform)
{
    [Fact]
    public async Task Every_resource_becomes_healthy_and_the_platform_answers_through_service_discovery()
    {
        var app = platform.App;
        var timeout = TestContext.Current.CancellationToken;

        // A sibling service would be given this setting by the AppHost and resolve "http://platform" with it.
        var client = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        client.Configuration["services:platform:http:0"] = app.GetEndpoint("platform", "http").ToString();
        client.AddServiceDefaults();
        using var services = client.Build();
        using var http = services.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        http.BaseAddress = new Uri("http://platform");
        var hanoi = await http.GetFromJsonAsync<AdministrativeUnitPage>("/api/admin-units?parent=01&pageSize=1", timeout);
        Assert.Equal(126, hanoi!.Total);

        // A vendor's service account signs in at the realm the AppHost started and is known to the platform.
        var secret = await platform.Builder.Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == "vendor-vnpt-secret").GetValueAsync(timeout);
        var issuer = $"{app.GetEndpoint("identity", "http").AbsoluteUri.TrimEnd('/')}/realms/hanoi";
        var token = await new RealmTokens(issuer).ClientCredentialsAsync("vendor-vnpt", secret);
        using var me = new HttpRequestMessage(HttpMethod.Get, "/api/me") { Headers = { Authorization = new("Bearer", token) } };
        using var answer = await http.SendAsync(me, timeout);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("service-account-vendor-vnpt", await answer.Content.ReadAsStringAsync(timeout), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_in_callback_with_a_forged_state_is_refused_with_a_page_not_a_crash()
    {
        var portal = platform.App.GetEndpoint("citizen-portal", "http");
        using var browser = RealmTokens.Browser();
        browser.BaseAddress = portal;

        using var callback = await browser.GetAsync("/signin-oidc?code=stolen-code&state=forged-state", TestContext.Current.CancellationToken);
        using var page = await browser.GetAsync(callback.Headers.Location, TestContext.Current.CancellationToken);
        using var profile = await browser.GetAsync("/profile", TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, callback.StatusCode);
        Assert.StartsWith("/signin-failed", callback.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("signin-failed-title", await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Contains("/realms/hanoi/protocol/openid-connect/auth", profile.Headers.Location?.AbsoluteUri, StringComparison.Ordinal);
    }
}
