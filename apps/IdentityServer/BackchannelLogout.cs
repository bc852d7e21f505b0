using System.Security.Claims;
using HanoiEgov.IdentityServer.Realm;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using Polly;

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

    /// <summary>One attempt waits this long for a client's answer; a timeout or a failure is retried <see cref="Retries"/> times.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    public const int Retries = 2;
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>However the clients answer, or never do, the logout goes on after this.</summary>
    public static readonly TimeSpan TotalTimeout = TimeSpan.FromSeconds(4);

    /// <summary>Tells every client of the session at once; a client that refuses, fails or hangs is logged, and the logout goes on.</summary>
    public async Task NotifyAsync(SsoSession session, CancellationToken cancellationToken)
    {
        var user = realm.FindUser(session.Username);
        var subject = user is null ? null : claims.UserId(user);
        var clients = session.Clients.Select(realm.FindClient).OfType<KeycloakClient>().Where(client => client.BackchannelLogoutUrl is not null);
        await Task.WhenAll(clients.Select(client => NotifyAsync(client, session.Id, subject, cancellationToken)));
    }

    private async Task NotifyAsync(KeycloakClient client, string sessionId, string? subject, CancellationToken cancellationToken)
    {
        var token = CreateLogoutToken(client.ClientId, sessionId, subject);
        try
        {
            using var response = await http.CreateClient(HttpClientName).PostAsync(
                client.BackchannelLogoutUrl, new FormUrlEncodedContent([new("logout_token", token)]), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(client.ClientId, (int)response.StatusCode);
            }
        }
        // Refused, unreachable or timed out (Polly's rejection): whatever goes wrong telling one client, the logout goes on.
        catch (Exception exception)
        {
            LogUnreachable(client.ClientId, exception.Message);
        }
    }

    /// <summary>The back channel's own resilience instead of the service defaults' (whose 30 s would hold a logout that long).</summary>
#pragma warning disable EXTEXP0001 // Removing the defaults' handler is the documented way to give one client its own pipeline.
    public static void AddHttpClient(IServiceCollection services) =>
        services.AddHttpClient(HttpClientName)
            .RemoveAllResilienceHandlers()
            .AddResilienceHandler(HttpClientName, pipeline => pipeline
                .AddTimeout(TotalTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Retries,
                    Delay = FirstRetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                })
                .AddTimeout(AttemptTimeout));
#pragma warning restore EXTEXP0001

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
