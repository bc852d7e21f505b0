using System.Security.Claims;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using HanoiEgov.IdentityServer.Realm;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace HanoiEgov.IdentityServer.Protocol;

/// <summary>
/// The realm's login page at Keycloak's path, in Vietnamese with an English switch (<c>kc_locale</c>, as Keycloak).
/// A success starts an SSO session and returns to the authorization request that asked for it.
/// </summary>
internal static class LoginPage
{
    public const string SessionCookieScheme = "KEYCLOAK_IDENTITY";
    public const string SessionClaim = "sid";
    private const string LocaleCookie = "KEYCLOAK_LOCALE";

    public static IEndpointRouteBuilder MapLoginPage(this IEndpointRouteBuilder endpoints, RealmPaths paths)
    {
        endpoints.MapGet($"/{paths.Login}", Show).AllowAnonymous();
        endpoints.MapPost($"/{paths.Login}", Authenticate).AllowAnonymous().RequireRateLimiting(LoginRateLimit.Policy);
        return endpoints;
    }

    private static IResult Show(HttpContext http, KeycloakRealm realm, RealmPaths paths, IAntiforgery antiforgery, [FromQuery(Name = "return_url")] string? returnUrl) =>
        Render(http, realm, paths, antiforgery, Locale(http, realm), SafeReturnUrl(returnUrl, paths), username: null, error: false);

    private static async Task<IResult> Authenticate(
        HttpContext http,
        KeycloakRealm realm,
        RealmPaths paths,
        IAntiforgery antiforgery,
        BruteForceProtector bruteForce,
        SsoSessions sessions)
    {
        if (!http.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(title: "The login form expired or did not come from this page.", statusCode: StatusCodes.Status400BadRequest);
        }

        var form = await http.Request.ReadFormAsync();
        var returnUrl = SafeReturnUrl(form["return_url"], paths);
        var username = form["username"].ToString().Trim();
        var givenPassword = form["password"].ToString();
        var user = realm.FindUser(username);
        var cancellationToken = http.RequestAborted;
        // The hash is computed whoever asks, so the time taken tells nothing about the account.
        var matches = (user?.Password ?? StoredPassword.Nobody).Matches(givenPassword);
        var valid = user is { Enabled: true, Password: not null }
            && matches
            && !await bruteForce.IsLockedAsync(user.Username, cancellationToken);
        if (!valid || user is null)
        {
            await bruteForce.FailedAsync(user?.Username ?? username, cancellationToken);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Render(http, realm, paths, antiforgery, Locale(http, realm), returnUrl, username, error: true);
        }

        await bruteForce.SucceededAsync(user.Username, cancellationToken);
        var session = await sessions.StartAsync(user.Username, cancellationToken);
        var identity = new ClaimsIdentity(SessionCookieScheme, "preferred_username", "role");
        identity.AddClaim(new Claim("preferred_username", user.Username));
        identity.AddClaim(new Claim(SessionClaim, session.Id));
        await http.SignInAsync(SessionCookieScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    internal static string Locale(HttpContext http, KeycloakRealm realm)
    {
        var asked = http.Request.Query["kc_locale"].ToString();
        if (realm.SupportedLocales.Contains(asked))
        {
            http.Response.Cookies.Append(LocaleCookie, asked, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
            return asked;
        }

        return http.Request.Cookies[LocaleCookie] is { } kept && realm.SupportedLocales.Contains(kept) ? kept : realm.DefaultLocale;
    }

    // Only the realm's own authorization endpoint may be returned to, so the page cannot be used as an open redirect.
    private static string SafeReturnUrl(string? returnUrl, RealmPaths paths) =>
        returnUrl is not null && returnUrl.StartsWith($"/{paths.Authorization}?", StringComparison.Ordinal) ? returnUrl : $"/{paths.Base}/account";

    private static IResult Render(HttpContext http, KeycloakRealm realm, RealmPaths paths, IAntiforgery antiforgery, string locale, string returnUrl, string? username, bool error)
    {
        var text = LoginText.For(locale);
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Create(UnicodeRanges.All);
        var other = locale == "vi" ? "en" : "vi";
        var switchUrl = $"/{paths.Login}?return_url={Uri.EscapeDataString(returnUrl)}&kc_locale={other}";
        var page = $$"""
            <!DOCTYPE html>
            <html lang="{{locale}}">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{html.Encode(text.Title)}} · {{html.Encode(realm.DisplayName ?? realm.Realm)}}</title>
              {{PageSecurity.StylesheetLink(paths)}}
            </head>
            <body>
              <main>
                <nav><a id="locale-switch" href="{{html.Encode(switchUrl)}}">{{html.Encode(text.OtherLanguage)}}</a></nav>
                <h1>{{html.Encode(text.Title)}}</h1>
                <p class="realm">{{html.Encode(realm.DisplayName ?? realm.Realm)}}</p>
                {{(error ? $"<p class=\"error\" id=\"input-error\" role=\"alert\">{html.Encode(text.InvalidCredentials)}</p>" : "")}}
                <form id="kc-form-login" method="post" action="/{{paths.Login}}?kc_locale={{locale}}">
                  <input type="hidden" name="{{tokens.FormFieldName}}" value="{{html.Encode(tokens.RequestToken ?? "")}}">
                  <input type="hidden" name="return_url" value="{{html.Encode(returnUrl)}}">
                  <label for="username">{{html.Encode(text.Username)}}</label>
                  <input type="text" id="username" name="username" autocomplete="username" autofocus value="{{html.Encode(username ?? "")}}">
                  <label for="password">{{html.Encode(text.Password)}}</label>
                  <input type="password" id="password" name="password" autocomplete="current-password">
                  <button type="submit" id="kc-login">{{html.Encode(text.SignIn)}}</button>
                </form>
              </main>
            </body>
            </html>
            """;
        return Results.Content(page, "text/html; charset=utf-8", statusCode: http.Response.StatusCode);
    }
}

/// <summary>The login page's words in each supported locale.</summary>
internal sealed record LoginText(string Title, string Username, string Password, string SignIn, string InvalidCredentials, string OtherLanguage)
{
    private static readonly LoginText Vietnamese = new(
        "Đăng nhập", "Tên đăng nhập hoặc email", "Mật khẩu", "Đăng nhập", "Tên đăng nhập hoặc mật khẩu không đúng.", "English");

    private static readonly LoginText English = new(
        "Sign in", "Username or email", "Password", "Sign in", "Invalid username or password.", "Tiếng Việt");

    public static LoginText For(string locale) => locale == "en" ? English : Vietnamese;
}
