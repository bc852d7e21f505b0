using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;

namespace HanoiEgov.Platform.Tests.Identity;

/// <summary>Logout as Keycloak does it: confirmed by a POST unless the client proves the session, and never held up by a client.</summary>
[Trait("Category", "Integration")]
public sealed class LogoutTests(LocalServersFixture servers)
{
    private const string Client = "citizen-portal";

    private RealmTokens Tokens => servers.Tokens;

    [Fact]
    public async Task Logout_without_a_hint_asks_Do_you_want_to_log_out_and_ends_the_session_only_when_the_form_is_posted()
    {
        using var browser = RealmTokens.Browser();
        var refreshToken = await SignInAsync(browser, Tokens, "nguyen.van.an");

        using var asked = await browser.GetAsync($"{servers.Identity.Issuer}/protocol/openid-connect/logout", TestContext.Current.CancellationToken);
        var page = await asked.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var beforeConfirming = await Tokens.RefreshAsync(Client, refreshToken);
        using var confirmed = await Tokens.LogoutAsync(browser);
        using var afterConfirming = await Tokens.RefreshAsync(Client, await RefreshTokenOf(beforeConfirming));

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("Bạn có muốn đăng xuất không?", page, StringComparison.Ordinal);
        Assert.Contains("id=\"kc-logout-form\" method=\"post\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("Bạn đã đăng xuất", await confirmed.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, afterConfirming.StatusCode);
    }

    [Fact]
    public async Task Logout_with_the_sessions_id_token_and_a_registered_post_logout_uri_returns_to_the_client_at_once()
    {
        using var browser = RealmTokens.Browser();
        using var redeemed = await Tokens.RedeemAsync(await Tokens.AuthorizeAsync(browser, "tran.thi.binh", Client));
        var tokens = await redeemed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var returnTo = $"{TestRealm.Variables["CITIZEN_PORTAL_URL"]}/signout-callback-oidc";

        using var logout = await browser.GetAsync(
            $"{servers.Identity.Issuer}/protocol/openid-connect/logout?id_token_hint={tokens.GetProperty("id_token").GetString()}"
            + $"&post_logout_redirect_uri={Uri.EscapeDataString(returnTo)}&state=s2",
            TestContext.Current.CancellationToken);
        using var afterLogout = await Tokens.RefreshAsync(Client, tokens.GetProperty("refresh_token").GetString()!);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.StartsWith(returnTo, logout.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, afterLogout.StatusCode);
    }

    [Fact]
    public async Task A_portal_that_never_answers_the_back_channel_logout_does_not_hold_the_users_logout_past_a_few_seconds()
    {
        // Accepts connections and never answers: a hung portal.
        using var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start();
        var portal = $"http://127.0.0.1:{((IPEndPoint)hung.LocalEndpoint).Port}";
        await using var server = new IdentityServerFactory(
            await servers.CreateDatabaseAsync("identity-hung-portal"), FreePort.Next(), new Dictionary<string, string> { ["CITIZEN_PORTAL_URL"] = portal });
        server.Start();
        var tokens = new RealmTokens(server.Issuer);
        using var browser = RealmTokens.Browser();
        using var redeemed = await tokens.RedeemAsync(await tokens.AuthorizeAsync(browser, "le.minh.chau", Client, redirectUri: $"{portal}/signin-oidc"));
        var refreshToken = await RefreshTokenOf(redeemed);

        var clock = Stopwatch.StartNew();
        using var logout = await tokens.LogoutAsync(browser);
        clock.Stop();
        using var afterLogout = await tokens.RefreshAsync(Client, refreshToken);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the logout took {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.BadRequest, afterLogout.StatusCode);
    }

    [Fact]
    public async Task A_portal_that_fails_the_first_back_channel_logout_is_told_again_and_the_second_attempt_counts()
    {
        var received = new ConcurrentQueue<string>();
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var portal = builder.Build();
        portal.MapPost("/signout-backchannel", async (HttpRequest request) =>
        {
            received.Enqueue((await request.ReadFormAsync())["logout_token"].ToString());
            return received.Count == 1 ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Results.Ok();
        });
        await portal.StartAsync(TestContext.Current.CancellationToken);
        var address = $"http://127.0.0.1:{port}";
        await using var server = new IdentityServerFactory(
            await servers.CreateDatabaseAsync("identity-flaky-portal"), FreePort.Next(), new Dictionary<string, string> { ["CITIZEN_PORTAL_URL"] = address });
        server.Start();
        var tokens = new RealmTokens(server.Issuer);
        using var browser = RealmTokens.Browser();
        await tokens.AuthorizeAsync(browser, "nguyen.van.an", Client, redirectUri: $"{address}/signin-oidc");

        using var logout = await tokens.LogoutAsync(browser);

        Assert.Equal(HttpStatusCode.OK, logout.StatusCode);
        Assert.Equal(2, received.Count);
        Assert.All(received, token => Assert.Equal("logout+jwt", new JsonWebToken(token).Typ));
    }

    private static async Task<string> SignInAsync(HttpClient browser, RealmTokens tokens, string username)
    {
        using var redeemed = await tokens.RedeemAsync(await tokens.AuthorizeAsync(browser, username, Client));
        return await RefreshTokenOf(redeemed);
    }

    private static async Task<string> RefreshTokenOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("refresh_token").GetString()!;
}
