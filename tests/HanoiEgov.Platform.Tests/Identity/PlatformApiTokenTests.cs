using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using HanoiEgov.Platform.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace HanoiEgov.Platform.Tests.Identity;

/// <summary>The platform API behind the realm: real tokens from the Keycloak-compatible server, forged ones refused.</summary>
[Trait("Category", "Integration")]
public sealed class PlatformApiTokenTests(LocalServersFixture servers) : HostedPlatformTests(servers, "tokens")
{
    [Fact]
    public async Task A_vendor_service_account_is_known_to_the_API_by_its_client_credentials()
    {
        var token = await Servers.Tokens.ClientCredentialsAsync("vendor-vnpt");

        using var response = await GetAsync("/api/me", token);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var caller = await response.ReadAsync<Caller>();
        Assert.Equal("service-account-vendor-vnpt", caller.Username);
        Assert.Equal("vendor-vnpt", caller.Client);
        Assert.Contains("platform-api:vendor-integration", caller.Roles);
    }

    [Fact]
    public async Task A_vendor_service_account_may_not_call_what_only_platform_admins_may()
    {
        var token = await Servers.Tokens.ClientCredentialsAsync("vendor-fpt");

        using var response = await GetAsync("/api/admin-units/import", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_client_secret_gets_no_token()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Servers.Tokens.ClientCredentialsAsync("vendor-viettel", "not-the-secret"));

        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_official_signed_in_through_the_realm_carries_agency_and_roles_to_the_API()
    {
        var tokens = await Servers.Tokens.SignInAsync("head.badinh");

        using var response = await GetAsync("/api/me", tokens.GetProperty("access_token").GetString()!);

        var caller = await response.ReadAsync<Caller>();
        Assert.Equal("00004", caller.Agency);
        Assert.Contains("head", caller.Roles);
        Assert.Contains("official", caller.Roles);
        Assert.Equal("officials-portal", caller.Client);
    }

    [Fact]
    public async Task A_citizen_carries_their_personal_id()
    {
        var tokens = await Servers.Tokens.SignInAsync("nguyen.van.an", "citizen-portal");

        using var response = await GetAsync("/api/me", tokens.GetProperty("access_token").GetString()!);

        var caller = await response.ReadAsync<Caller>();
        Assert.Equal("001090012345", caller.PersonalId);
        Assert.Contains("citizen", caller.Roles);
    }

    public static TheoryData<string> ForgedTokens =>
    [
        "expired", "not-yet-valid", "wrong-issuer", "wrong-audience", "alg-none", "other-key", "tampered-payload",
    ];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task A_forged_or_stale_token_is_401(string forgery)
    {
        var token = Forge(forgery);

        using var response = await GetAsync("/api/me", token);
        using var control = await GetAsync("/api/me", Forge("valid"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, control.StatusCode);
    }

    [Fact]
    public async Task No_token_is_401()
    {
        using var response = await Client.GetAsync("/api/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private string Forge(string forgery)
    {
        var signing = Servers.Identity.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials[0];
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = forgery == "wrong-issuer" ? "http://localhost:1/realms/hanoi" : Servers.Identity.Issuer,
            Audience = forgery == "wrong-audience" ? "account" : "platform-api",
            IssuedAt = now.AddMinutes(-30),
            NotBefore = forgery == "not-yet-valid" ? now.AddMinutes(10) : now.AddMinutes(-1),
            Expires = forgery switch
            {
                "expired" => now.AddMinutes(-10),
                "not-yet-valid" => now.AddMinutes(20),
                _ => now.AddMinutes(5),
            },
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("preferred_username", "forged")]),
            SigningCredentials = forgery == "other-key"
                ? new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)), SecurityAlgorithms.RsaSha256)
                : signing,
        };
        var handler = new JsonWebTokenHandler();
        var token = handler.CreateToken(descriptor);
        return forgery switch
        {
            "alg-none" => $"{Encode("""{"alg":"none","typ":"JWT"}""")}.{token.Split('.')[1]}.",
            "tampered-payload" => $"{token.Split('.')[0]}.{Encode(Decode(token.Split('.')[1]).Replace("forged", "admin", StringComparison.Ordinal))}.{token.Split('.')[2]}",
            _ => token,
        };
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));

    private static string Decode(string segment) => Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(segment));
}
