using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace HanoiEgov.Platform.Tests.Identity;

/// <summary>
/// The realm's SSO session limits, on a server whose clock the test moves: <c>ssoSessionMaxLifespan</c> (10 hours)
/// ends a session however active it is, and <c>ssoSessionIdleTimeout</c> (30 minutes) ends an unused one.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SsoSessionLifetimeTests(LocalServersFixture servers)
{
    private const string Client = "citizen-portal";
    private static readonly TimeSpan MaxLifespan = TimeSpan.FromHours(10);

    [Fact]
    public async Task A_session_refreshed_all_day_ends_at_the_realms_maximum_lifespan_and_asks_for_the_password_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new IdentityServerFactory(await servers.CreateDatabaseAsync("identity-max-lifespan"), FreePort.Next(), clock: clock);
        server.Start();
        var tokens = new RealmTokens(server.Issuer);
        using var browser = RealmTokens.Browser();
        var refreshToken = await RefreshTokenOf(await tokens.RedeemAsync(await tokens.AuthorizeAsync(browser, "nguyen.van.an", Client)));
        var elapsed = TimeSpan.Zero;

        // A portal refreshes every few minutes while its user works; 25 minutes apart keeps well inside the idle timeout.
        while (elapsed + TimeSpan.FromMinutes(25) < MaxLifespan)
        {
            clock.Advance(TimeSpan.FromMinutes(25));
            elapsed += TimeSpan.FromMinutes(25);
            using var refreshed = await tokens.RefreshAsync(Client, refreshToken);
            Assert.True(refreshed.StatusCode == HttpStatusCode.OK, $"refresh after {elapsed} was refused");
            refreshToken = await RefreshTokenOf(refreshed);
        }

        clock.Advance(TimeSpan.FromMinutes(25));
        using var pastMaximum = await tokens.RefreshAsync(Client, refreshToken);
        var answer = await AuthorizeAsync(browser, tokens);

        Assert.Equal(HttpStatusCode.BadRequest, pastMaximum.StatusCode);
        Assert.Equal("invalid_grant", (await pastMaximum.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("error").GetString());
        Assert.Contains("/login-actions/authenticate", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_unused_for_longer_than_the_idle_timeout_asks_for_the_password_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = new IdentityServerFactory(await servers.CreateDatabaseAsync("identity-idle"), FreePort.Next(), clock: clock);
        server.Start();
        var tokens = new RealmTokens(server.Issuer);
        using var browser = RealmTokens.Browser();
        await tokens.AuthorizeAsync(browser, "tran.thi.binh", Client);

        clock.Advance(TimeSpan.FromMinutes(20));
        var whileActive = await AuthorizeAsync(browser, tokens);
        clock.Advance(TimeSpan.FromMinutes(31));
        var afterIdle = await AuthorizeAsync(browser, tokens);

        Assert.StartsWith(RealmTokens.RedirectUriOf(Client), whileActive, StringComparison.Ordinal);
        Assert.Contains("/login-actions/authenticate", afterIdle, StringComparison.Ordinal);
    }

    private static async Task<string> AuthorizeAsync(HttpClient browser, RealmTokens tokens)
    {
        var url = tokens.AuthorizeUrl(Client, RealmTokens.RedirectUriOf(Client), "m".PadRight(43, 'm'));
        using var response = await browser.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Uri(new Uri(url), response.Headers.Location!).AbsoluteUri;
    }

    private static async Task<string> RefreshTokenOf(HttpResponseMessage response)
    {
        using (response)
        {
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("refresh_token").GetString()!;
        }
    }
}
