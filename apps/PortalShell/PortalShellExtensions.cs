using System.Globalization;
using HanoiEgov.PortalShell;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Wires a portal: single sign-on through the realm, back-channel logout, pages, Vietnamese and English.</summary>
public static class PortalShellExtensions
{
    public const string PlatformClient = "platform";
    private static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en")];

    public static WebApplicationBuilder AddPortalShell(this WebApplicationBuilder builder, PortalOptions portal)
    {
        builder.AddKeycloakOpenIdConnect(oidc => oidc.Events.OnRedirectToIdentityProvider = context =>
        {
            // Keycloak's login page follows kc_locale; the user's portal language carries over.
            context.ProtocolMessage.SetParameter("kc_locale", PortalText.IsEnglish ? "en" : "vi");
            context.ProtocolMessage.UiLocales = PortalText.IsEnglish ? "en" : "vi";
            return Task.CompletedTask;
        });
        builder.Services.AddSingleton(portal);
        builder.Services.AddSingleton<RevokedSessions>();
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, EndRevokedSessions>();
        builder.Services.AddRazorPages();
        builder.Services.AddHttpClient(PlatformClient, client => client.BaseAddress = new Uri("http://platform"));
        builder.Services.Configure<RequestLocalizationOptions>(options =>
        {
            options.DefaultRequestCulture = new RequestCulture(Cultures[0]);
            options.SupportedCultures = Cultures;
            options.SupportedUICultures = Cultures;
            options.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return builder;
    }

    /// <summary>Builds and runs a portal: what each portal's Program does, with its own options.</summary>
    public static void RunPortal(string[] args, PortalOptions portal)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddPortalShell(portal);
        var app = builder.Build();
        app.UsePortalShell();
        app.Run();
    }

    public static WebApplication UsePortalShell(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapRazorPages();

        // Signing in and out, and the language switch: anyone may call them.
        app.MapGet("/signin", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/profile" }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();
        app.MapPost("/signout", () => Results.SignOut(
                new AuthenticationProperties { RedirectUri = "/" },
                [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();
        app.MapGet("/culture/{culture}", (HttpContext http, string culture, string? returnUrl) =>
        {
            var chosen = Cultures.FirstOrDefault(supported => supported.TwoLetterISOLanguageName == culture) ?? Cultures[0];
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Expires = DateTimeOffset.UtcNow.AddYears(1) });
            return Results.LocalRedirect(returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/");
        }).AllowAnonymous();

        // Called by the realm, server to server, when an SSO session ends; it proves itself with a signed logout token.
        app.MapPost("/signout-backchannel", BackchannelLogoutEndpoint.HandleAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }
}
