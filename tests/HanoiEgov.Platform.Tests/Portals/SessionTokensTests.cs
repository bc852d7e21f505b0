using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using HanoiEgov.Platform.Tests.Support;
using HanoiEgov.PortalShell;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// A portal session outlives its five-minute access token: the portal's cookie check refreshes it with the refresh
/// token at the real identity server, with only the portal's clock moved forward.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SessionTokensTests(LocalServersFixture servers)
{
    private const string Citizen = "nguyen.van.an";
    private const string Client = "citizen-portal";

    [Fact]
    public async Task Four_and_a_half_minutes_in_the_access_token_is_refreshed_and_the_realm_accepts_the_new_one()
    {
        var signedIn = await servers.Tokens.SignInAsync(Citizen, Client);
        var session = Session(servers.Identity.Issuer, out var clock);
        var context = session.ContextFor(signedIn);

        clock.Advance(TimeSpan.FromSeconds(270));
        await session.ValidateAsync(context);

        Assert.NotNull(context.Principal);
        Assert.True(context.ShouldRenew);
        var refreshed = context.Properties.GetTokenValue("access_token");
        Assert.NotEqual(signedIn.GetProperty("access_token").GetString(), refreshed);
        var expiresAt = DateTimeOffset.Parse(context.Properties.GetTokenValue("expires_at")!, CultureInfo.InvariantCulture);
        Assert.True(expiresAt > clock.GetUtcNow().AddMinutes(4), $"the new token expires at {expiresAt:o}, now is {clock.GetUtcNow():o}");
        Assert.Equal(HttpStatusCode.OK, await UserInfoAsync(refreshed!));
    }

    [Fact]
    public async Task With_more_than_a_minute_left_the_token_is_kept_and_the_realm_is_not_asked()
    {
        var signedIn = await servers.Tokens.SignInAsync(Citizen, Client);
        var session = Session("http://127.0.0.1:1/realms/hanoi", out var clock);
        var context = session.ContextFor(signedIn);

        clock.Advance(TimeSpan.FromSeconds(200));
        await session.ValidateAsync(context);

        Assert.NotNull(context.Principal);
        Assert.False(context.ShouldRenew);
        Assert.Equal(signedIn.GetProperty("access_token").GetString(), context.Properties.GetTokenValue("access_token"));
    }

    [Fact]
    public async Task A_refresh_token_the_realm_refuses_ends_the_portal_session()
    {
        var signedIn = await servers.Tokens.SignInAsync(Citizen, Client);
        var session = Session(servers.Identity.Issuer, out var clock);
        var context = session.ContextFor(signedIn);
        context.Properties.UpdateTokenValue("refresh_token", "not-a-refresh-token");

        clock.Advance(TimeSpan.FromSeconds(270));
        await session.ValidateAsync(context);

        Assert.Null(context.Principal);
    }

    [Fact]
    public async Task While_the_realm_cannot_be_reached_the_session_goes_on_with_the_token_it_has()
    {
        var signedIn = await servers.Tokens.SignInAsync(Citizen, Client);
        var session = Session($"http://127.0.0.1:{FreePort.Next()}/realms/hanoi", out var clock);
        var context = session.ContextFor(signedIn);

        clock.Advance(TimeSpan.FromSeconds(270));
        await session.ValidateAsync(context);

        Assert.NotNull(context.Principal);
        Assert.Equal(signedIn.GetProperty("access_token").GetString(), context.Properties.GetTokenValue("access_token"));
    }

    [Fact]
    public async Task A_session_revoked_through_one_portal_instance_is_refused_by_another_sharing_Redis()
    {
        var signedIn = await servers.Tokens.SignInAsync(Citizen, Client);
        var sessionId = new JsonWebToken(signedIn.GetProperty("access_token").GetString()).GetClaim("sid").Value;
        var first = Session(servers.Identity.Issuer, out _, servers.RedisConnectionString);
        var second = Session(servers.Identity.Issuer, out _, servers.RedisConnectionString);
        var untouched = second.ContextFor(signedIn, "another-session");
        var revokedElsewhere = second.ContextFor(signedIn, sessionId);

        await first.Services.GetRequiredService<RevokedSessions>().RevokeAsync(sessionId, TestContext.Current.CancellationToken);
        await second.ValidateAsync(untouched);
        await second.ValidateAsync(revokedElsewhere);

        Assert.NotNull(untouched.Principal);
        Assert.Null(revokedElsewhere.Principal);
    }

    private static PortalSession Session(string issuer, out FakeTimeProvider clock, string? redis = null)
    {
        clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<RevokedSessions>();
        if (redis is null)
        {
            services.AddDistributedMemoryCache();
        }
        else
        {
            services.AddStackExchangeRedisCache(cache => cache.Configuration = redis);
        }

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie()
            .AddOpenIdConnect(oidc =>
            {
                oidc.Authority = issuer;
                oidc.RequireHttpsMetadata = false;
                oidc.ClientId = Client;
                oidc.ClientSecret = TestRealm.SecretOf(Client);
            });
        services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, SessionTokens>();
        return new PortalSession(services.BuildServiceProvider(), clock);
    }

    private async Task<HttpStatusCode> UserInfoAsync(string accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{servers.Identity.Issuer}/protocol/openid-connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private sealed class PortalSession(ServiceProvider services, TimeProvider clock)
    {
        public IServiceProvider Services => services;

        private readonly CookieAuthenticationOptions cookie =
            services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);

        public CookieValidatePrincipalContext ContextFor(System.Text.Json.JsonElement tokens, string? sessionId = null)
        {
            var properties = new AuthenticationProperties();
            properties.StoreTokens(
            [
                new AuthenticationToken { Name = "access_token", Value = tokens.GetProperty("access_token").GetString()! },
                new AuthenticationToken { Name = "refresh_token", Value = tokens.GetProperty("refresh_token").GetString()! },
                new AuthenticationToken { Name = "expires_at", Value = clock.GetUtcNow().AddSeconds(tokens.GetProperty("expires_in").GetInt32()).ToString("o", CultureInfo.InvariantCulture) },
            ]);
            var principal = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim("sub", Citizen), .. sessionId is null ? Array.Empty<Claim>() : [new Claim("sid", sessionId)]],
                CookieAuthenticationDefaults.AuthenticationScheme));
            var http = new DefaultHttpContext { RequestServices = services };
            var scheme = new AuthenticationScheme(CookieAuthenticationDefaults.AuthenticationScheme, null, typeof(CookieAuthenticationHandler));
            return new CookieValidatePrincipalContext(http, scheme, cookie, new AuthenticationTicket(principal, properties, scheme.Name));
        }

        public Task ValidateAsync(CookieValidatePrincipalContext context) => cookie.Events.ValidatePrincipal(context);
    }
}
