using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using HanoiEgov.IdentityServer.Protocol;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Identity;

/// <summary>The login is limited per client address as well as per account, so a password spray across accounts is slowed.</summary>
[Trait("Category", "Integration")]
public sealed class LoginRateLimitTests(LocalServersFixture servers)
{
    private const string Client = "citizen-portal";
    private static readonly string[] Accounts = ["nguyen.van.an", "tran.thi.binh", "le.minh.chau", "clerk.badinh", "head.badinh"];

    [Fact]
    public async Task Wrong_passwords_across_many_accounts_from_one_address_get_429_with_Retry_After_while_another_address_still_signs_in()
    {
        var port = FreePort.Next();
        await using var server = new IdentityServerFactory(
            await servers.CreateDatabaseAsync("identity-rate-limit"), port, settings: new Dictionary<string, string>
            {
                ["LoginRateLimit:PermitLimit"] = "5",
                ["LoginRateLimit:WindowSeconds"] = "60",
            });
        server.Start();
        using var sprayer = RealmTokens.Browser();
        using var neighbour = BrowserFrom(IPAddress.Parse("127.0.0.2"));

        foreach (var account in Accounts)
        {
            using var wrong = await LoginAsync(sprayer, $"http://127.0.0.1:{port}", account, "Spring2026!");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var limited = await LoginAsync(sprayer, $"http://127.0.0.1:{port}", "official.badinh", TestRealm.DemoPassword);
        using var limitedPage = await LoginAsync(sprayer, $"http://127.0.0.1:{port}", "head.hoankiem", "Spring2026!", html: true);
        using var elsewhere = await LoginAsync(neighbour, $"http://127.0.0.1:{port}", "official.badinh", TestRealm.DemoPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (await limited.ReadAsync<Problem>()).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedPage.StatusCode);
        Assert.NotNull(limitedPage.Headers.RetryAfter);
        Assert.Contains("Có quá nhiều lần đăng nhập", await limitedPage.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
    }

    [Fact]
    public void An_IPv6_client_is_counted_by_its_64_prefix_and_an_IPv4_mapped_one_as_IPv4()
    {
        Assert.Equal(
            LoginRateLimit.AddressOf(IPAddress.Parse("2001:db8:1:2:aaaa::1")),
            LoginRateLimit.AddressOf(IPAddress.Parse("2001:db8:1:2:bbbb::2")));
        Assert.NotEqual(
            LoginRateLimit.AddressOf(IPAddress.Parse("2001:db8:1:2::1")),
            LoginRateLimit.AddressOf(IPAddress.Parse("2001:db8:1:3::1")));
        Assert.Equal("203.0.113.7", LoginRateLimit.AddressOf(IPAddress.Parse("::ffff:203.0.113.7")));
    }

    /// <summary>A browser whose connections come from another address of the loopback network, as a second client would.</summary>
    private static HttpClient BrowserFrom(IPAddress address) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        CookieContainer = new CookieContainer(),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    private static async Task<HttpResponseMessage> LoginAsync(HttpClient browser, string origin, string username, string password, bool html = false)
    {
        var tokens = new RealmTokens($"{origin}/realms/{TestRealm.Realm}");
        var login = await RealmTokens.FollowAsync(browser, tokens.AuthorizeUrl(Client, RealmTokens.RedirectUriOf(Client), "r".PadRight(43, 'r')));
        var page = await browser.GetStringAsync(login, TestContext.Current.CancellationToken);
        browser.DefaultRequestHeaders.Accept.Clear();
        if (html)
        {
            browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        }

        return await RealmTokens.PostLoginAsync(browser, login, page, username, password);
    }
}
