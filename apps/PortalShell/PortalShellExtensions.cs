using System.Globalization;
using HanoiEgov.PortalShell;
using HanoiEgov.PortalShell.Platform;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Wires a portal: single sign-on through the realm, back-channel logout, pages, Vietnamese and English.</summary>
public static class PortalShellExtensions
{
    private static readonly CultureInfo[] Cultures = [new("vi-VN"), new("en")];

    public static WebApplicationBuilder AddPortalShell(this WebApplicationBuilder builder, PortalOptions portal)
    {
        builder.AddKeycloakOpenIdConnect(oidc => oidc.Events.OnRedirectToIdentityProvider = context =>
        {
            // Keycloak's login page follows kc_locale; the user's portal language carries over.
            context.ProtocolMessage.SetParameter("kc_locale", Words.English ? "en" : "vi");
            context.ProtocolMessage.UiLocales = Words.English ? "en" : "vi";
            return Task.CompletedTask;
        });
        builder.Services.AddSingleton(portal);
        builder.Services.AddSingleton<RevokedSessions>();
        // Revoked sessions are shared by every portal instance through Redis where the AppHost references it.
        if (builder.Configuration.GetConnectionString("redis") is { Length: > 0 } redis)
        {
            builder.Services.AddStackExchangeRedisCache(cache => cache.Configuration = redis);
        }
        else
        {
            builder.Services.AddDistributedMemoryCache();
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<PortalSessionOptions>(builder.Configuration.GetSection("Portal:Session"));
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, SessionTokens>();
        builder.Services.AddRazorPages();
        builder.Services.AddHttpContextAccessor();
        // The defaults' standard handler (ServiceDefaults) has options of its own that a named client cannot change, so
        // this client gets its own: reads retried with a short backoff (a 503's Retry-After of 30 s would hold the page
        // that long), a repeated POST never - that is the user's choice.
#pragma warning disable EXTEXP0001 // Removing the defaults' handler is the documented way to give one client its own pipeline.
        builder.Services.AddHttpClient(PlatformApi.ClientName, client => client.BaseAddress = new Uri("http://platform"))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(options =>
            {
                options.Retry.DisableForUnsafeHttpMethods();
                options.Retry.ShouldRetryAfterHeader = false;
            });
#pragma warning restore EXTEXP0001
        builder.Services.AddScoped<PlatformApi>();
        builder.Services.AddSingleton<DossierVocabulary>();
        builder.Services.AddSingleton<Catalogue>();
        builder.Services.AddSingleton<HanoiEgov.PortalShell.Drafts.DraftCookies>();
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
    public static void RunPortal(string[] args, PortalOptions portal, Action<WebApplicationBuilder>? addPortal = null, Action<WebApplication>? usePortal = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddPortalShell(portal);
        addPortal?.Invoke(builder);
        var app = builder.Build();
        app.UsePortalShell(usePortal);
        app.Run();
    }

    public static WebApplication UsePortalShell(this WebApplication app, Action<WebApplication>? usePortal = null)
    {
        // A failure shows a page in the user's language with a retry, never a stack trace; a missing page the not-found page.
        app.UseWebFrontDoor();
        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/status/{0}");
        app.UseRequestLocalization();
        app.UseAuthentication();
        app.UseAuthorization();
        usePortal?.Invoke(app);
        app.MapDefaultEndpoints();
        app.MapDossierDownloads();
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorPages();

        // Signing in and out, and the language switch: anyone may call them.
        app.MapGet("/signin", (string? returnUrl) => Results.Challenge(
                new AuthenticationProperties { RedirectUri = LocalUrl.OrDefault(returnUrl, "/profile") }, [OpenIdConnectDefaults.AuthenticationScheme]))
            .AllowAnonymous();
        // Signing out is a form of the layout, with its antiforgery token: another site cannot sign a user out.
        app.MapPost("/signout", async (HttpContext http, IAntiforgery antiforgery) => await antiforgery.IsRequestValidAsync(http)
                ? Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [CookieAuthenticationDefaults.AuthenticationScheme, OpenIdConnectDefaults.AuthenticationScheme])
                : Results.Redirect("/"))
            .AllowAnonymous().DisableAntiforgery();
        app.MapGet("/culture/{culture}", (HttpContext http, string culture, string? returnUrl) =>
        {
            var chosen = Cultures.FirstOrDefault(supported => supported.TwoLetterISOLanguageName == culture) ?? Cultures[0];
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Expires = DateTimeOffset.UtcNow.AddYears(1) });
            return Results.LocalRedirect(LocalUrl.OrDefault(returnUrl, "/"));
        }).AllowAnonymous();

        // Called by the realm, server to server, when an SSO session ends; it proves itself with a signed logout token.
        app.MapPost("/signout-backchannel", BackchannelLogoutEndpoint.HandleAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }
}
