using System.Security.Claims;
using HanoiEgov.IdentityServer.Realm;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HanoiEgov.IdentityServer.Protocol;

/// <summary>
/// The parts of Keycloak's openid-connect protocol that need the realm: who is signed in, what goes into tokens,
/// and ending the session for every client. OpenIddict validates every request before these handlers run.
/// </summary>
internal static class OpenIdConnectEndpoints
{
    public static IEndpointRouteBuilder MapOpenIdConnectEndpoints(this IEndpointRouteBuilder endpoints, RealmPaths paths)
    {
        endpoints.MapMethods($"/{paths.Authorization}", [HttpMethods.Get, HttpMethods.Post], (Delegate)Authorize).AllowAnonymous().DisableAntiforgery();
        endpoints.MapPost($"/{paths.Token}", Exchange).AllowAnonymous().DisableAntiforgery();
        endpoints.MapMethods($"/{paths.UserInfo}", [HttpMethods.Get, HttpMethods.Post], (Delegate)UserInfo).AllowAnonymous().DisableAntiforgery();
        endpoints.MapMethods($"/{paths.Logout}", [HttpMethods.Get, HttpMethods.Post], (Delegate)Logout).AllowAnonymous().DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> Authorize(
        HttpContext http, KeycloakRealm realm, RealmPaths paths, SsoSessions sessions, KeycloakTokenClaims claims)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var signedIn = await http.AuthenticateAsync(LoginPage.SessionCookieScheme);
        var session = await sessions.FindAsync(signedIn.Principal?.FindFirstValue(LoginPage.SessionClaim), http.RequestAborted);
        var user = session is null ? null : realm.FindUser(session.Username);

        if (user is not { Enabled: true } || session is null || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return Forbid(Errors.LoginRequired, "The user is not signed in.");
            }

            // The login page returns here without prompt=login, so the fresh session is used.
            var parameters = http.Request.HasFormContentType
                ? (await http.Request.ReadFormAsync()).Select(pair => (pair.Key, pair.Value))
                : http.Request.Query.Select(pair => (pair.Key, pair.Value));
            var query = QueryString.Create(parameters
                .Where(pair => pair.Key != Parameters.Prompt || pair.Value != PromptValues.Login)
                .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value))));
            var returnUrl = $"/{paths.Authorization}{query}";
            return Results.Redirect($"/{paths.Login}?return_url={Uri.EscapeDataString(returnUrl)}");
        }

        var client = realm.FindClient(request.ClientId!)!;
        await sessions.UsedByAsync(session, client.ClientId, http.RequestAborted);
        return Results.SignIn(claims.Create(user, client, session.Id, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> Exchange(HttpContext http, KeycloakRealm realm, SsoSessions sessions, KeycloakTokenClaims claims)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var client = realm.FindClient(request.ClientId!);
        if (client is null)
        {
            return Forbid(Errors.InvalidClient, "Unknown client.");
        }

        if (request.IsClientCredentialsGrantType())
        {
            return realm.ServiceAccountOf(client.ClientId) is { Enabled: true } account
                ? Results.SignIn(claims.Create(account, client, sessionId: null, request.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)
                : Forbid(Errors.UnauthorizedClient, "The client has no enabled service account.");
        }

        // Authorization code or refresh token: OpenIddict has already checked it; the user and session must still be live.
        var granted = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        var sessionId = granted.Principal?.GetClaim("sid");
        var session = await sessions.FindAsync(sessionId, http.RequestAborted);
        var user = session is null ? null : realm.FindUser(session.Username);
        if (user is not { Enabled: true } || session is null)
        {
            return Forbid(Errors.InvalidGrant, "Session not active");
        }

        await sessions.UsedByAsync(session, client.ClientId, http.RequestAborted);
        return Results.SignIn(claims.Create(user, client, session.Id, granted.Principal!.GetScopes()), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<IResult> UserInfo(HttpContext http)
    {
        var token = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (token.Principal is not { } principal)
        {
            return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var answer = new Dictionary<string, object?>(StringComparer.Ordinal) { [Claims.Subject] = principal.GetClaim(Claims.Subject) };
        foreach (var type in new[] { "preferred_username", Claims.Name, Claims.GivenName, Claims.FamilyName, Claims.Email, "agency", "personal_id" })
        {
            if (principal.GetClaim(type) is { } value)
            {
                answer[type] = value;
            }
        }

        return Results.Json(answer);
    }

    /// <summary>
    /// RP-initiated logout as Keycloak does it: an <c>id_token_hint</c> naming the signed-in session, or the confirmation
    /// page's POST, ends the SSO session, tells every client of it over the back channel and returns to the
    /// <c>post_logout_redirect_uri</c> (checked by OpenIddict); anything else is asked to confirm first.
    /// </summary>
    private static async Task<IResult> Logout(
        HttpContext http, SsoSessions sessions, BackchannelLogout backchannel, KeycloakRealm realm, RealmPaths paths, IAntiforgery antiforgery)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("Not an OpenID Connect request.");
        var signedIn = await http.AuthenticateAsync(LoginPage.SessionCookieScheme);
        var sessionId = signedIn.Principal?.FindFirstValue(LoginPage.SessionClaim);
        if (sessionId is not null && !await ProvesSessionAsync(http, antiforgery, sessionId))
        {
            return LogoutPage.Confirm(http, realm, paths, antiforgery, request.GetParameters()
                .Select(parameter => new KeyValuePair<string, string>(parameter.Key, parameter.Value.ToString() ?? "")));
        }

        // The back channel has its own time limit; a browser that gives up waiting does not stop the clients being told.
        if (await sessions.EndAsync(sessionId, http.RequestAborted) is { } session)
        {
            await backchannel.NotifyAsync(session, CancellationToken.None);
        }

        await http.SignOutAsync(LoginPage.SessionCookieScheme);
        return request.PostLogoutRedirectUri is null
            ? LogoutPage.LoggedOut(http, realm, paths)
            : Results.SignOut(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }

    private static async Task<bool> ProvesSessionAsync(HttpContext http, IAntiforgery antiforgery, string sessionId)
    {
        if (HttpMethods.IsPost(http.Request.Method) && http.Request.HasFormContentType && await antiforgery.IsRequestValidAsync(http))
        {
            return true;
        }

        // OpenIddict has validated the id_token_hint (its signature and that this realm issued it).
        var hint = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        return string.Equals(hint.Principal?.GetClaim("sid"), sessionId, StringComparison.Ordinal);
    }

    private static IResult Forbid(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
