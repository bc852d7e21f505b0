using System.Text.Encodings.Web;
using System.Text.Unicode;
using HanoiEgov.IdentityServer.Realm;
using Microsoft.AspNetCore.Antiforgery;

namespace HanoiEgov.IdentityServer.Protocol;

/// <summary>
/// Keycloak's logout confirmation: a logout request that does not prove which session it ends (no <c>id_token_hint</c>
/// naming the signed-in session) gets a page asking "Do you want to log out?", whose form posts the request back with
/// an antiforgery token. A link or an image on another site therefore cannot sign anyone out.
/// </summary>
internal static class LogoutPage
{
    public static IResult Confirm(HttpContext http, KeycloakRealm realm, RealmPaths paths, IAntiforgery antiforgery, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var english = LoginPage.Locale(http, realm) == "en";
        var tokens = antiforgery.GetAndStoreTokens(http);
        var html = HtmlEncoder.Create(UnicodeRanges.All);
        var hidden = string.Concat(parameters
            .Where(parameter => parameter.Key != tokens.FormFieldName)
            .Select(parameter => $"""<input type="hidden" name="{html.Encode(parameter.Key)}" value="{html.Encode(parameter.Value)}">"""));
        var body = $"""
            <form id="kc-logout-form" method="post" action="/{paths.Logout}">
              <input type="hidden" name="{tokens.FormFieldName}" value="{html.Encode(tokens.RequestToken ?? "")}">
              {hidden}
              <button type="submit" id="kc-logout">{html.Encode(english ? "Logout" : "Đăng xuất")}</button>
            </form>
            """;
        return Page(realm, paths, english, english ? "Logging out" : "Đăng xuất", english ? "Do you want to log out?" : "Bạn có muốn đăng xuất không?", body);
    }

    public static IResult LoggedOut(HttpContext http, KeycloakRealm realm, RealmPaths paths)
    {
        var english = LoginPage.Locale(http, realm) == "en";
        return Page(realm, paths, english, english ? "You are logged out" : "Bạn đã đăng xuất", english ? "You are logged out." : "Bạn đã đăng xuất.", "");
    }

    private static IResult Page(KeycloakRealm realm, RealmPaths paths, bool english, string title, string question, string body)
    {
        var html = HtmlEncoder.Create(UnicodeRanges.All);
        var page = $$"""
            <!DOCTYPE html>
            <html lang="{{(english ? "en" : "vi")}}">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{html.Encode(title)}} · {{html.Encode(realm.DisplayName ?? realm.Realm)}}</title>
              {{PageSecurity.StylesheetLink(paths)}}
            </head>
            <body>
              <main>
                <h1>{{html.Encode(title)}}</h1>
                <p class="instruction">{{html.Encode(question)}}</p>
                {{body}}
              </main>
            </body>
            </html>
            """;
        return Results.Content(page, "text/html; charset=utf-8");
    }
}
