using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace HanoiEgov.Platform.Tests.PlatformHost;

/// <summary>What every web host of the platform does first with a request (ServiceDefaults' <c>UseWebFrontDoor</c>).</summary>
[Trait("Category", "Unit")]
public sealed class WebFrontDoorTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_HTML_page_forbids_framing_scripts_from_elsewhere_and_sniffing()
    {
        await using var app = await StartAsync(Environments.Development, new() { ["Keycloak:auth-server-url"] = "http://localhost:8080/" });
        using var client = app.GetTestClient();

        using var page = await client.GetAsync("/page", Cancellation);

        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", policy, StringComparison.Ordinal);
        // A sign-out form ends at the realm's end-session endpoint: its origin is the one other place forms may go.
        Assert.EndsWith("form-action 'self' http://localhost:8080", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", page.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task A_JSON_answer_is_not_sniffed_and_carries_no_page_policy()
    {
        await using var app = await StartAsync(Environments.Development, []);
        using var client = app.GetTestClient();

        using var json = await client.GetAsync("/json", Cancellation);

        Assert.Equal("nosniff", json.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(json.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task Outside_Development_a_host_without_AllowedHosts_does_not_start_and_says_so()
    {
        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(async () => await StartAsync(Environments.Production, []));
        var any = await Assert.ThrowsAsync<InvalidOperationException>(async () => await StartAsync(Environments.Production, new() { ["AllowedHosts"] = "*" }));

        Assert.Contains("AllowedHosts", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("AllowedHosts", any.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_Development_another_Host_header_is_refused_and_HTTPS_answers_carry_HSTS()
    {
        await using var app = await StartAsync(Environments.Production, new() { ["AllowedHosts"] = "dichvucong.hanoi.gov.vn" });
        using var client = app.GetTestClient();
        client.BaseAddress = new Uri("https://dichvucong.hanoi.gov.vn");

        using var ours = await client.GetAsync("/page", Cancellation);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/page") { Headers = { Host = "evil.example" } };
        using var refused = await client.SendAsync(forged, Cancellation);

        Assert.Equal(HttpStatusCode.OK, ours.StatusCode);
        Assert.Contains("max-age=", ours.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task In_Development_no_HSTS_is_sent_so_a_developer_machine_keeps_plain_HTTP_for_localhost()
    {
        await using var app = await StartAsync(Environments.Development, []);
        using var client = app.GetTestClient();
        client.BaseAddress = new Uri("https://localhost");

        using var page = await client.GetAsync("/page", Cancellation);

        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    private static async Task<WebApplication> StartAsync(string environment, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(settings);
        var app = builder.Build();
        try
        {
            app.UseWebFrontDoor();
            app.MapGet("/page", () => Results.Content("<!doctype html><title>t</title>", "text/html; charset=utf-8"));
            app.MapGet("/json", () => Results.Json(new { ok = true }));
            await app.StartAsync(Cancellation);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
