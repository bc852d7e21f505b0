using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Identity;

/// <summary>
/// The identity server keeps its state in PostgreSQL: two replicas on one database, or one restarted, know the same
/// SSO sessions and the same failed logins.
/// </summary>
[Trait("Category", "Integration")]
public sealed class IdentityStateTests(LocalServersFixture servers)
{
    private const string Client = "officials-portal";

    [Fact]
    public async Task A_session_started_on_one_replica_signs_the_user_in_on_the_other_without_a_password()
    {
        var database = await servers.CreateDatabaseAsync("identity-replicas");
        await using var first = Started(database);
        await using var second = Started(database);
        using var browser = RealmTokens.Browser();
        await new RealmTokens(first.Issuer).AuthorizeAsync(browser, "clerk.badinh", Client);

        var answer = await AuthorizeWithoutLoginAsync(browser, second);

        Assert.StartsWith(RealmTokens.RedirectUriOf(Client), answer, StringComparison.Ordinal);
        Assert.Contains("code=", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_logins_counted_on_one_replica_lock_the_account_on_the_other()
    {
        var database = await servers.CreateDatabaseAsync("identity-lockout-replicas");
        await using var first = Started(database);
        await using var second = Started(database);
        using var browser = RealmTokens.Browser();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await LoginAsync(browser, first, "clerk.hoankiem", $"wrong-{attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await LoginAsync(browser, second, "clerk.hoankiem", TestRealm.DemoPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
    }

    [Fact]
    public async Task After_a_restart_the_SSO_session_signs_the_user_in_without_a_password_and_its_refresh_token_still_works()
    {
        var database = await servers.CreateDatabaseAsync("identity-restart");
        var port = FreePort.Next();
        using var browser = RealmTokens.Browser();
        string refreshToken;
        await using (var before = Started(database, port))
        {
            var tokens = new RealmTokens(before.Issuer);
            using var redeemed = await tokens.RedeemAsync(await tokens.AuthorizeAsync(browser, "head.badinh", Client));
            refreshToken = (await redeemed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("refresh_token").GetString()!;
        }

        await using var after = Started(database, port);
        var answer = await AuthorizeWithoutLoginAsync(browser, after);
        using var refreshed = await new RealmTokens(after.Issuer).RefreshAsync(Client, refreshToken);

        Assert.StartsWith(RealmTokens.RedirectUriOf(Client), answer, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task Two_replicas_starting_at_once_on_an_empty_database_both_serve_the_realm()
    {
        var database = await servers.CreateDatabaseAsync("identity-together");
        await using var first = new IdentityServerFactory(database, FreePort.Next());
        await using var second = new IdentityServerFactory(database, FreePort.Next());

        await Task.WhenAll(Task.Run(first.Start, TestContext.Current.CancellationToken), Task.Run(second.Start, TestContext.Current.CancellationToken));
        var fromFirst = await new RealmTokens(first.Issuer).ClientCredentialsAsync("vendor-fpt");
        var fromSecond = await new RealmTokens(second.Issuer).ClientCredentialsAsync("vendor-vnpt");

        Assert.False(string.IsNullOrEmpty(fromFirst));
        Assert.False(string.IsNullOrEmpty(fromSecond));
    }

    private static IdentityServerFactory Started(string database, int? port = null)
    {
        var server = new IdentityServerFactory(database, port ?? FreePort.Next());
        server.Start();
        return server;
    }

    /// <summary>Where the server sends a browser that asks for a code: the client's redirect URI when it is signed in, the login page otherwise.</summary>
    private static async Task<string> AuthorizeWithoutLoginAsync(HttpClient browser, IdentityServerFactory server)
    {
        var url = new RealmTokens(server.Issuer).AuthorizeUrl(Client, RealmTokens.RedirectUriOf(Client), "c".PadRight(43, 'c'));
        using var response = await browser.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new Uri(new Uri(url), response.Headers.Location!).AbsoluteUri;
    }

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient browser, IdentityServerFactory server, string username, string password)
    {
        var tokens = new RealmTokens(server.Issuer);
        var login = await RealmTokens.FollowAsync(browser, tokens.AuthorizeUrl(Client, RealmTokens.RedirectUriOf(Client), "l".PadRight(43, 'l')));
        return await RealmTokens.PostLoginAsync(browser, login, await browser.GetStringAsync(login, TestContext.Current.CancellationToken), username, password);
    }
}
