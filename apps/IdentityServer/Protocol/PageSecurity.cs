using System.Security.Cryptography;
using System.Text;
using HanoiEgov.IdentityServer.Realm;

namespace HanoiEgov.IdentityServer.Protocol;

/// <summary>
/// The identity server's own pages (login, logout confirmation, errors, too many attempts) carry the portals'
/// security headers. Their one stylesheet is served from the realm's path, so no inline style is needed; the only
/// inline script allowed is the one line of OpenIddict's <c>form_post</c> page, by its hash; forms may post (and
/// redirect) only to this server and the origins the realm's clients return to.
/// </summary>
internal static class PageSecurity
{
    /// <summary>What OpenIddict's <c>form_post</c> response runs to submit its form to the client's redirect URI.</summary>
    internal const string FormPostScript = "document.form.submit();";

    private const string Stylesheet = """
        body { font-family: system-ui, sans-serif; background: #f3f4f6; margin: 0; }
        main { max-width: 24rem; margin: 10vh auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 4px #0002; }
        h1 { font-size: 1.25rem; margin: 0 0 .25rem; color: #b91c1c; } p.realm { margin: 0 0 1.5rem; color: #555; } p.instruction { margin: 1rem 0; }
        label { display: block; margin-top: 1rem; font-weight: 600; } input[type=text], input[type=password] { width: 100%; padding: .5rem; box-sizing: border-box; }
        button { margin-top: 1.5rem; width: 100%; padding: .6rem; background: #b91c1c; color: #fff; border: 0; border-radius: .25rem; font-size: 1rem; }
        .error { background: #fee2e2; color: #991b1b; padding: .5rem; border-radius: .25rem; } nav { text-align: right; }
        """;

    public static string StylesheetPath(RealmPaths paths) => $"/{paths.Base}/resources/pages.css";

    /// <summary>The <c>link</c> element every page puts in its head.</summary>
    public static string StylesheetLink(RealmPaths paths) => $"""<link rel="stylesheet" href="{StylesheetPath(paths)}">""";

    public static WebApplication UsePageSecurity(this WebApplication app)
    {
        var realm = app.Services.GetRequiredService<KeycloakRealm>();
        app.UseSecurityHeaders(ContentSecurityPolicy(realm));
        return app;
    }

    public static IEndpointRouteBuilder MapPageResources(this IEndpointRouteBuilder endpoints, RealmPaths paths)
    {
        endpoints.MapGet(StylesheetPath(paths), () => Results.Text(Stylesheet, "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    internal static string ContentSecurityPolicy(KeycloakRealm realm) =>
        WebFrontDoor.ContentSecurityPolicy(ClientOrigins(realm), $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(FormPostScript)))}'");

    /// <summary>The origins of the enabled clients' redirect and post-logout URIs: where a sign-in or sign-out form ends up.</summary>
    internal static IEnumerable<string> ClientOrigins(KeycloakRealm realm) =>
        realm.Clients
            .Where(client => client is { Enabled: true, StandardFlowEnabled: true })
            .SelectMany(client => client.RedirectUris.Concat(client.PostLogoutRedirectUris))
            .Select(uri => Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" ? absolute.GetLeftPart(UriPartial.Authority) : null)
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal);
}
