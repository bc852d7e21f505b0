using System.Security.Claims;
using System.Security.Cryptography;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HanoiEgov.Platform.Tests.Identity;

[Trait("Category", "Unit")]
public sealed class RememberedAccessTokensTests
{
    private const string Issuer = "https://realm.test/realms/hanoi";
    private readonly RsaSecurityKey realmKey = new(RSA.Create(2048)) { KeyId = "realm" };
    private readonly RsaSecurityKey otherKey = new(RSA.Create(2048)) { KeyId = "realm" };
    private readonly FakeTimeProvider clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_token_that_passed_is_accepted_again_without_checking_its_signature_until_it_expires()
    {
        var handler = new RememberedAccessTokens(clock);
        var token = Token(realmKey, expiresIn: TimeSpan.FromMinutes(2));

        var first = await handler.ValidateTokenAsync(token, Parameters(realmKey));
        // Were the signature checked again, this key could not verify it.
        var again = await handler.ValidateTokenAsync(token, Parameters(otherKey));
        clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await handler.ValidateTokenAsync(token, Parameters(otherKey));

        Assert.True(first.IsValid);
        Assert.True(again.IsValid);
        Assert.Equal("001090012345", again.ClaimsIdentity.FindFirst("personal_id")?.Value);
        Assert.False(expired.IsValid);
    }

    [Fact]
    public async Task A_token_is_remembered_at_most_five_minutes_however_long_it_lives()
    {
        var handler = new RememberedAccessTokens(clock);
        var token = Token(realmKey, expiresIn: TimeSpan.FromHours(1));
        await handler.ValidateTokenAsync(token, Parameters(realmKey));

        clock.Advance(RememberedAccessTokens.MaxRemembered);

        Assert.False((await handler.ValidateTokenAsync(token, Parameters(otherKey))).IsValid);
    }

    [Fact]
    public async Task A_refused_token_is_not_remembered_and_an_altered_one_is_checked_in_full()
    {
        var handler = new RememberedAccessTokens(clock);
        var token = Token(realmKey, expiresIn: TimeSpan.FromMinutes(2));
        var forged = Token(otherKey, expiresIn: TimeSpan.FromMinutes(2));

        var refused = await handler.ValidateTokenAsync(forged, Parameters(realmKey));
        await handler.ValidateTokenAsync(token, Parameters(realmKey));
        var altered = await handler.ValidateTokenAsync(token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1], Parameters(realmKey));

        Assert.False(refused.IsValid);
        Assert.False((await handler.ValidateTokenAsync(forged, Parameters(realmKey))).IsValid);
        Assert.False(altered.IsValid);
    }

    [Fact]
    public async Task Each_request_gets_its_own_identity_so_claims_added_to_one_do_not_reach_the_next()
    {
        var handler = new RememberedAccessTokens(clock);
        var token = Token(realmKey, expiresIn: TimeSpan.FromMinutes(2));
        await handler.ValidateTokenAsync(token, Parameters(realmKey));

        var first = await handler.ValidateTokenAsync(token, Parameters(realmKey));
        first.ClaimsIdentity.AddClaim(new Claim(ClaimTypes.Role, "platform-admin"));
        var second = await handler.ValidateTokenAsync(token, Parameters(realmKey));

        Assert.False(second.ClaimsIdentity.HasClaim(ClaimTypes.Role, "platform-admin"));
    }

    private string Token(SecurityKey key, TimeSpan expiresIn) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = "platform-api",
        IssuedAt = clock.GetUtcNow().UtcDateTime,
        NotBefore = clock.GetUtcNow().UtcDateTime,
        Expires = clock.GetUtcNow().Add(expiresIn).UtcDateTime,
        Claims = new Dictionary<string, object> { ["personal_id"] = "001090012345", ["preferred_username"] = "nguyen.van.an" },
        SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
    });

    private TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = "platform-api",
        IssuerSigningKey = key,
        ClockSkew = TimeSpan.Zero,
        LifetimeValidator = (notBefore, expires, _, _) => notBefore <= clock.GetUtcNow().UtcDateTime && clock.GetUtcNow().UtcDateTime < expires,
    };
}
