using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;

namespace HanoiEgov.Platform.Tests.Identity;

/// <summary>The Keycloak-compatible server over HTTP: Keycloak's URLs and token shapes, and OAuth errors by the book.</summary>
[Trait("Category", "Integration")]
public sealed class IdentityProtocolTests(LocalServersFixture servers)
{
    private string Issuer => servers.Identity.Issuer;

    private RealmTokens Tokens => servers.Tokens;

    [Fact]
    public async Task Discovery_and_keys_are_served_at_Keycloaks_paths_with_Keycloaks_issuer()
    {
        using var http = new HttpClient();
        var discovery = await http.GetFromJsonAsync<JsonElement>($"{Issuer}/.well-known/openid-configuration", TestContext.Current.CancellationToken);
        var keys = await http.GetFromJsonAsync<JsonElement>($"{Issuer}/protocol/openid-connect/certs", TestContext.Current.CancellationToken);

        Assert.Equal(Issuer, discovery.GetProperty("issuer").GetString());
        foreach (var (field, path) in new[]
        {
            ("authorization_endpoint", "auth"), ("token_endpoint", "token"), ("userinfo_endpoint", "userinfo"),
            ("jwks_uri", "certs"), ("end_session_endpoint", "logout"), ("introspection_endpoint", "token/introspect"),
        })
        {
            Assert.Equal($"{Issuer}/protocol/openid-connect/{path}", discovery.GetProperty(field).GetString());
        }

        Assert.Contains(keys.GetProperty("keys").EnumerateArray(), key => key.GetProperty("kty").GetString() == "RSA");
    }

    [Fact]
    public async Task An_officials_access_token_has_Keycloaks_shape()
    {
        var tokens = await Tokens.SignInAsync("head.badinh");
        var access = new JsonWebToken(tokens.GetProperty("access_token").GetString());

        Assert.Equal(Issuer, access.Issuer);
        Assert.Contains("platform-api", access.Audiences);
        Assert.Equal("officials-portal", access.GetClaim("azp").Value);
        Assert.Equal("head.badinh", access.GetClaim("preferred_username").Value);
        Assert.Equal("00004", access.GetClaim("agency").Value);
        Assert.True(Guid.TryParse(access.Subject, out _));
        Assert.False(string.IsNullOrEmpty(access.GetClaim("sid").Value));
        using var realmAccess = JsonDocument.Parse(access.GetClaim("realm_access").Value);
        Assert.Contains(realmAccess.RootElement.GetProperty("roles").EnumerateArray(), role => role.GetString() == "head");
        using var resourceAccess = JsonDocument.Parse(access.GetClaim("resource_access").Value);
        Assert.Contains(resourceAccess.RootElement.GetProperty("officials-portal").GetProperty("roles").EnumerateArray(), role => role.GetString() == "back-office");
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        Assert.True(tokens.TryGetProperty("id_token", out _));
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_is_refused_and_never_redirected_to()
    {
        using var browser = RealmTokens.Browser();

        using var response = await browser.GetAsync(Tokens.AuthorizeUrl("citizen-portal", "http://evil.example/signin-oidc", "x".PadRight(43, 'x')), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("invalid_request", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_authorization_request_without_PKCE_is_refused_with_invalid_request_and_no_code()
    {
        using var browser = RealmTokens.Browser();

        using var response = await browser.GetAsync(Tokens.AuthorizeUrl("citizen-portal", RealmTokens.RedirectUriOf("citizen-portal"), challenge: null), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("invalid_request", body, StringComparison.Ordinal);
        Assert.Contains("code_challenge", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_code_redeemed_without_its_PKCE_verifier_is_refused_as_an_invalid_request()
    {
        using var browser = RealmTokens.Browser();
        var grant = await Tokens.AuthorizeAsync(browser, "nguyen.van.an", "citizen-portal");

        using var response = await Tokens.RedeemAsync(grant, withVerifier: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", await ErrorOf(response));
    }

    [Fact]
    public async Task A_code_redeemed_with_the_wrong_PKCE_verifier_is_invalid_grant()
    {
        using var browser = RealmTokens.Browser();
        var grant = await Tokens.AuthorizeAsync(browser, "nguyen.van.an", "citizen-portal");

        using var response = await Tokens.RedeemAsync(grant with { Verifier = new string('v', 43) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(response));
    }

    [Fact]
    public async Task A_code_used_twice_is_invalid_grant_the_second_time()
    {
        using var browser = RealmTokens.Browser();
        var grant = await Tokens.AuthorizeAsync(browser, "tran.thi.binh", "citizen-portal");

        using var first = await Tokens.RedeemAsync(grant);
        using var second = await Tokens.RedeemAsync(grant);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(second));
    }

    [Fact]
    public async Task A_refresh_token_works_while_the_session_lives_and_not_after_logout()
    {
        using var browser = RealmTokens.Browser();
        var grant = await Tokens.AuthorizeAsync(browser, "le.minh.chau", "citizen-portal");
        using var redeemed = await Tokens.RedeemAsync(grant);
        var refreshToken = (await redeemed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("refresh_token").GetString()!;

        using var refreshed = await Tokens.RefreshAsync("citizen-portal", refreshToken);
        var renewed = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("refresh_token").GetString()!;
        using var logout = await Tokens.LogoutAsync(browser);
        using var afterLogout = await Tokens.RefreshAsync("citizen-portal", renewed);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, afterLogout.StatusCode);
        Assert.Equal("invalid_grant", await ErrorOf(afterLogout));
    }

    [Fact]
    public async Task After_five_wrong_passwords_the_account_is_locked_even_for_the_right_one()
    {
        // A server of its own, so the lock does not reach the other tests' sign-ins.
        await using var isolated = new IdentityServerFactory(await servers.CreateDatabaseAsync("lockout"), FreePort.Next());
        isolated.Start();
        var tokens = new RealmTokens(isolated.Issuer);
        using var browser = RealmTokens.Browser();
        var login = await RealmTokens.FollowAsync(browser, tokens.AuthorizeUrl("officials-portal", RealmTokens.RedirectUriOf("officials-portal"), "y".PadRight(43, 'y')));

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await RealmTokens.PostLoginAsync(browser, login, await browser.GetStringAsync(login, TestContext.Current.CancellationToken), "clerk.hoankiem", $"wrong-{attempt}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var right = await RealmTokens.PostLoginAsync(browser, login, await browser.GetStringAsync(login, TestContext.Current.CancellationToken), "clerk.hoankiem", TestRealm.DemoPassword);
        using var other = await RealmTokens.PostLoginAsync(browser, login, await browser.GetStringAsync(login, TestContext.Current.CancellationToken), "head.hoankiem", TestRealm.DemoPassword);

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("Tên đăng nhập hoặc mật khẩu không đúng.", await right.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task Userinfo_answers_for_a_live_access_token_only()
    {
        var tokens = await Tokens.SignInAsync("nguyen.van.an", "citizen-portal");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Issuer}/protocol/openid-connect/userinfo")
        {
            Headers = { Authorization = new("Bearer", tokens.GetProperty("access_token").GetString()) },
        };

        using var answer = await http.SendAsync(request, TestContext.Current.CancellationToken);
        using var anonymous = await http.GetAsync($"{Issuer}/protocol/openid-connect/userinfo", TestContext.Current.CancellationToken);

        var user = await answer.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("nguyen.van.an", user.GetProperty("preferred_username").GetString());
        Assert.Equal("001090012345", user.GetProperty("personal_id").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_platform_API_client_can_introspect_tokens_and_no_one_else_can()
    {
        var token = await Tokens.ClientCredentialsAsync("vendor-viettel");
        using var http = new HttpClient();

        async Task<HttpResponseMessage> IntrospectAsync(string client, string secret) => await http.PostAsync(
            $"{Issuer}/protocol/openid-connect/token/introspect",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["client_id"] = client,
                ["client_secret"] = secret,
                ["token"] = token,
            }),
            TestContext.Current.CancellationToken);

        using var audience = await IntrospectAsync("platform-api", TestRealm.SecretOf("platform-api"));
        using var bystander = await IntrospectAsync("vendor-fpt", TestRealm.SecretOf("vendor-fpt"));
        using var impostor = await IntrospectAsync("platform-api", "wrong");

        var answer = await audience.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(answer.GetProperty("active").GetBoolean());
        Assert.Equal("vendor-viettel", answer.GetProperty("client_id").GetString());
        Assert.False((await bystander.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, impostor.StatusCode);
        Assert.Equal("invalid_client", await ErrorOf(impostor));
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString();
}
