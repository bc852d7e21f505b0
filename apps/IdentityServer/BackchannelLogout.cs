using System.Security.Claims;
using HanoiEgov.IdentityServer.Realm;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace HanoiEgov.IdentityServer;

/// <summary>
/// OpenID Connect Back-Channel Logout 1.0, as Keycloak sends it: when an SSO session ends, every client that took
/// part in it and has a back-channel logout URL receives a signed logout token naming the session (<c>sid</c>).
/// </summary>
internal sealed partial class BackchannelLogout(
    KeycloakRealm realm,
    KeycloakTokenClaims claims,
    IHttpClientFactory http,
    IOptionsMonitor<OpenIddictServerOptions> server,
    TimeProvider clock,
    ILogger<BackchannelLogout> logger)
{
    public const string HttpClientName = "backchannel-logout";
    public const string LogoutEvent = "http://schemas.openid.net/event/backchannel-logout";

    public async Task NotifyAsync(SsoSession session, CancellationToken cancellationToken)
    {
        var user = realm.FindUser(session.Username);
        foreach (var client in session.Clients.Select(realm.FindClient).OfType<KeycloakClient>())
        {
            if (client.BackchannelLogoutUrl is not { } url)
            {
                continue;
            }

            var token = CreateLogoutToken(client.ClientId, session.Id, user is null ? null : claims.UserId(user));
            try
            {
                using var response = await http.CreateClient(HttpClientName).PostAsync(
                    url, new FormUrlEncodedContent([new("logout_token", token)]), cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    LogRefused(client.ClientId, (int)response.StatusCode);
                }
            }
            catch (HttpRequestException exception)
            {
                LogUnreachable(client.ClientId, exception.Message);
            }
        }
    }

    internal string CreateLogoutToken(string clientId, string sessionId, string? subject)
    {
        var options = server.CurrentValue;
        var now = clock.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer!.AbsoluteUri.TrimEnd('/'),
            Audience = clientId,
            IssuedAt = now,
            Expires = now.AddMinutes(2),
            TokenType = "logout+jwt",
            SigningCredentials = options.SigningCredentials[0],
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString()),
                new Claim("sid", sessionId),
                .. subject is null ? Array.Empty<Claim>() : [new Claim(JwtRegisteredClaimNames.Sub, subject)],
            ]),
            Claims = new Dictionary<string, object> { ["events"] = new Dictionary<string, object> { [LogoutEvent] = new Dictionary<string, object>() } },
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientId} refused the back-channel logout with status {Status}")]
    private partial void LogRefused(string clientId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Client {ClientId} could not be reached for back-channel logout: {Reason}")]
    private partial void LogUnreachable(string clientId, string reason);
}
