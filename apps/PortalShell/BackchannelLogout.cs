using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HanoiEgov.PortalShell;

/// <summary>OpenID Connect Back-Channel Logout 1.0: a logout token signed by the realm, for this client, naming a session.</summary>
internal static class BackchannelLogoutEndpoint
{
    private const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    public static async Task<IResult> HandleAsync(
        HttpContext http, IOptionsMonitor<OpenIdConnectOptions> oidcOptions, RevokedSessions revoked)
    {
        if (!http.Request.HasFormContentType || (await http.Request.ReadFormAsync()).TryGetValue("logout_token", out var values) is false)
        {
            return Results.Problem(title: "logout_token is missing.", statusCode: StatusCodes.Status400BadRequest);
        }

        var oidc = oidcOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
        var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(values.ToString(), new TokenValidationParameters
        {
            ValidIssuer = configuration.Issuer,
            ValidAudience = oidc.ClientId,
            IssuerSigningKeys = configuration.SigningKeys,
            ClockSkew = TimeSpan.FromSeconds(30),
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken token
            || !token.TryGetPayloadValue<Dictionary<string, object>>("events", out var events) || !events.ContainsKey(LogoutEvent)
            || token.TryGetPayloadValue<string>("nonce", out _)
            || !token.TryGetPayloadValue<string>("sid", out var sessionId))
        {
            return Results.Problem(title: "The logout token is not valid.", statusCode: StatusCodes.Status400BadRequest);
        }

        await revoked.RevokeAsync(sessionId, http.RequestAborted);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok();
    }
}
