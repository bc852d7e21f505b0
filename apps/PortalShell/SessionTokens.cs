using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HanoiEgov.PortalShell;

/// <summary>How a portal session follows the realm's SSO session.</summary>
public sealed class PortalSessionOptions
{
    /// <summary>The access token is refreshed when it has less than this left (the realm issues 5-minute tokens).</summary>
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The realm's SSO idle timeout; a portal session idle for longer is over, as the SSO session is.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The realm's SSO maximum lifespan: no session, and so no revoked one, lives longer (10 hours in realm hanoi).</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(10);
}

/// <summary>
/// A portal session lasts as long as the SSO session: its access token is refreshed with the refresh token before it
/// expires, and the session ends when the realm refuses the refresh (session ended, idle or at its maximum) or when
/// the realm's back-channel logout names it.
/// </summary>
internal sealed partial class SessionTokens(
    RevokedSessions revoked, IOptionsMonitor<OpenIdConnectOptions> oidcOptions, IOptions<PortalSessionOptions> session, TimeProvider clock,
    ILogger<SessionTokens> logger) : IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        if (name != CookieAuthenticationDefaults.AuthenticationScheme)
        {
            return;
        }

        options.ExpireTimeSpan = session.Value.IdleTimeout;
        options.SlidingExpiration = true;
        options.Events.OnValidatePrincipal = ValidateAsync;
    }

    private async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (await revoked.IsRevokedAsync(context.Principal?.FindFirst("sid")?.Value, context.HttpContext.RequestAborted))
        {
            await EndAsync(context);
            return;
        }

        if (!DateTimeOffset.TryParse(context.Properties.GetTokenValue("expires_at"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiresAt)
            || expiresAt - clock.GetUtcNow() > session.Value.RefreshBefore)
        {
            return;
        }

        var tokens = await RefreshAsync(context.Properties.GetTokenValue("refresh_token"), context.HttpContext.RequestAborted);
        if (ReferenceEquals(tokens, Unreachable))
        {
            return;
        }

        if (tokens is null)
        {
            await EndAsync(context);
            return;
        }

        context.Properties.UpdateTokenValue("access_token", tokens.AccessToken);
        context.Properties.UpdateTokenValue("expires_at", clock.GetUtcNow().AddSeconds(tokens.ExpiresIn).ToString("o", CultureInfo.InvariantCulture));
        if (tokens.RefreshToken is { } refreshToken)
        {
            context.Properties.UpdateTokenValue("refresh_token", refreshToken);
        }

        if (tokens.IdToken is { } idToken)
        {
            context.Properties.UpdateTokenValue("id_token", idToken);
        }

        context.ShouldRenew = true;
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>New tokens; null when the realm refused the refresh token; <see cref="Unreachable"/> when it could not be asked.</summary>
    private async Task<Tokens?> RefreshAsync(string? refreshToken, CancellationToken cancellationToken)
    {
        if (refreshToken is null)
        {
            return null;
        }

        var oidc = oidcOptions.Get(OpenIdConnectDefaults.AuthenticationScheme);
        try
        {
            var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["client_id"] = oidc.ClientId!,
                    ["client_secret"] = oidc.ClientSecret!,
                }),
            };
            using var response = await oidc.Backchannel.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefreshRefused(logger, (int)response.StatusCode);
                return (int)response.StatusCode is 400 or 401 ? null : Unreachable;
            }

            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var root = body.RootElement;
            return new Tokens(
                root.GetProperty("access_token").GetString()!,
                root.TryGetProperty("expires_in", out var expiresIn) ? expiresIn.GetInt32() : 300,
                root.TryGetProperty("refresh_token", out var refreshed) ? refreshed.GetString() : null,
                root.TryGetProperty("id_token", out var idToken) ? idToken.GetString() : null);
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogRealmUnreachable(logger, exception.Message);
            return Unreachable;
        }
    }

    // The realm could not be asked: the session goes on with the token it has; an API call then says what failed.
    private static readonly Tokens Unreachable = new("", 0, null, null);

    private sealed record Tokens(string AccessToken, int ExpiresIn, string? RefreshToken, string? IdToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "The realm refused to refresh a portal session's tokens ({Status}); the session ends.")]
    private static partial void LogRefreshRefused(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The realm could not be reached to refresh a session's tokens: {Reason}")]
    private static partial void LogRealmUnreachable(ILogger logger, string reason);
}
