using HanoiEgov.IdentityServer.Protocol;
using HanoiEgov.IdentityServer.Realm;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HanoiEgov.IdentityServer;

internal static class Extensions
{
    public const string DatabaseConnectionName = "identity-db";

    /// <summary>
    /// Loads the realm file (<c>Realm:File</c>, with the users of <c>Realm:UsersFile</c> when set; placeholders from configuration, i.e. environment variables, as
    /// Keycloak resolves them) and serves it at <c>Realm:PublicUrl</c> with Keycloak's paths and token shapes.
    /// </summary>
    public static WebApplicationBuilder AddKeycloakCompatibleServer(this WebApplicationBuilder builder)
    {
        var realmFile = builder.Configuration["Realm:File"]
            ?? throw new InvalidOperationException("Configuration 'Realm:File' must name the realm file (AppHost/Realms/hanoi-realm.json).");
        // Demo users live in a users file of their own that the AppHost names in Development only.
        var realm = KeycloakRealmLoader.Load(realmFile, name => builder.Configuration[name], builder.Configuration["Realm:UsersFile"]);
        var publicUrl = new Uri(builder.Configuration["Realm:PublicUrl"] ?? "http://localhost:8080");
        var paths = new RealmPaths(realm.Realm);

        builder.Services.AddSingleton(realm);
        builder.Services.AddSingleton(paths);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<SsoSessions>();
        builder.Services.AddScoped<BruteForceProtector>();
        builder.Services.AddSingleton<KeycloakTokenClaims>();
        builder.Services.AddSingleton<BackchannelLogout>();
        BackchannelLogout.AddHttpClient(builder.Services);
        builder.Services.AddAntiforgery();
        builder.Services.AddLoginRateLimit(builder.Configuration);
        // First of all hosted services: its tables (sessions, data-protection keys) must exist before data protection
        // reads its key ring at start.
        builder.Services.Insert(0, ServiceDescriptor.Singleton<IHostedService, RealmApplications>());

        builder.AddNpgsqlDbContext<IdentityDbContext>(DatabaseConnectionName, configureDbContextOptions: options => options.UseOpenIddict());
        // Every replica reads the session cookie, so they share the keys that protect it.
        builder.Services.AddDataProtection().SetApplicationName("hanoi-egov-identity").PersistKeysToDbContext<IdentityDbContext>();

        builder.Services.AddAuthentication(LoginPage.SessionCookieScheme)
            .AddCookie(LoginPage.SessionCookieScheme, options =>
            {
                options.Cookie.Name = LoginPage.SessionCookieScheme;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.Path = $"/{paths.Base}";
                options.ExpireTimeSpan = TimeSpan.FromSeconds(realm.SsoSessionMaxLifespan);
                options.LoginPath = $"/{paths.Login}";
            });
        builder.Services.AddAuthorization();

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(server =>
            {
                server.SetIssuer(new Uri(publicUrl, paths.Base))
                    .SetConfigurationEndpointUris(paths.Configuration)
                    .SetAuthorizationEndpointUris(paths.Authorization)
                    .SetTokenEndpointUris(paths.Token)
                    .SetUserInfoEndpointUris(paths.UserInfo)
                    .SetJsonWebKeySetEndpointUris(paths.Certificates)
                    .SetEndSessionEndpointUris(paths.Logout)
                    .SetIntrospectionEndpointUris(paths.Introspection)
                    .SetRevocationEndpointUris(paths.Revocation);
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                server.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, Scopes.Roles, Scopes.OfflineAccess, "basic", "acr", "web-origins");
                server.SetAccessTokenLifetime(TimeSpan.FromSeconds(realm.AccessTokenLifespan));
                server.SetIdentityTokenLifetime(TimeSpan.FromSeconds(realm.AccessTokenLifespan));
                server.SetRefreshTokenLifetime(TimeSpan.FromSeconds(realm.SsoSessionIdleTimeout));
                server.DisableAccessTokenEncryption();
                server.AddDevelopmentEncryptionCertificate().AddDevelopmentSigningCertificate();
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            })
            // The admin API takes the realm's own access tokens, as Keycloak's does.
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.UseAspNetCore();
            });
        return builder;
    }

    public static WebApplication UseKeycloakCompatibleServer(this WebApplication app)
    {
        var paths = app.Services.GetRequiredService<RealmPaths>();
        app.UseForwardedHeaders();
        app.UsePageSecurity();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapPageResources(paths);
        app.MapLoginPage(paths);
        app.MapOpenIdConnectEndpoints(paths);
        app.MapAdminEndpoints(paths);
        return app;
    }
}
