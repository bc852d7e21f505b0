using System.Security.Claims;
using HanoiEgov.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// One authentication wiring for every service, against Keycloak (or the Keycloak-compatible development server:
/// nothing here can tell them apart). APIs take bearer tokens; portals sign users in with cookie + OpenID Connect.
/// </summary>
public static class KeycloakAuthenticationExtensions
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>Bearer-token authentication for an API whose audience is the section's <c>resource</c>.</summary>
    public static TBuilder AddKeycloakJwtBearer<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var keycloak = KeycloakSettings.From(builder.Configuration);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = keycloak.Issuer;
                options.Audience = keycloak.Resource;
                options.RequireHttpsMetadata = keycloak.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidIssuer = keycloak.Issuer;
                options.TokenValidationParameters.ValidateAudience = keycloak.VerifyTokenAudience;
                options.TokenValidationParameters.NameClaimType = KeycloakClaims.PreferredUsername;
                options.TokenValidationParameters.RoleClaimType = KeycloakClaims.Role;
                options.TokenValidationParameters.ClockSkew = ClockSkew;
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new RememberedAccessTokens(TimeProvider.System));
            });
        builder.Services.AddPlatformAuthorization();
        return builder;
    }

    /// <summary>
    /// Cookie sessions signed in through the realm with the authorization code flow and PKCE, as the confidential
    /// client named by <c>resource</c>. Roles come from the access token, as Keycloak puts them there.
    /// </summary>
    public static TBuilder AddKeycloakOpenIdConnect<TBuilder>(this TBuilder builder, Action<OpenIdConnectOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var keycloak = KeycloakSettings.From(builder.Configuration);
        builder.Services.AddAuthentication(options =>
            {
                options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(options =>
            {
                options.Cookie.Name = $"{keycloak.Resource}.session";
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.AccessDeniedPath = "/forbidden";
            })
            .AddOpenIdConnect(options =>
            {
                options.Authority = keycloak.Issuer;
                options.ClientId = keycloak.Resource;
                options.ClientSecret = keycloak.Secret;
                options.RequireHttpsMetadata = keycloak.RequireHttpsMetadata;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                options.SaveTokens = true;
                options.MapInboundClaims = false;
                options.GetClaimsFromUserInfoEndpoint = false;
                options.Scope.Add("profile");
                options.Scope.Add("email");
                options.TokenValidationParameters.NameClaimType = KeycloakClaims.PreferredUsername;
                options.TokenValidationParameters.RoleClaimType = KeycloakClaims.Role;
                options.TokenValidationParameters.ClockSkew = ClockSkew;
                options.Events.OnTokenValidated = context =>
                {
                    CopyAccessClaims(context.TokenEndpointResponse?.AccessToken, context.Principal?.Identity as ClaimsIdentity);
                    return Task.CompletedTask;
                };

                // A callback that cannot be trusted (unknown state, error from the realm, replayed code) is a sign-in
                // that did not happen: the user is told so, nothing crashes.
                options.Events.OnRemoteFailure = context =>
                {
                    context.Response.Redirect($"/signin-failed?reason={Uri.EscapeDataString(context.Failure?.Message ?? "unknown")}");
                    context.HandleResponse();
                    return Task.CompletedTask;
                };
                configure?.Invoke(options);
            });
        builder.Services.AddPlatformAuthorization();
        return builder;
    }

    private static void AddPlatformAuthorization(this IServiceCollection services)
    {
        services.AddTransient<IClaimsTransformation, KeycloakRolesClaimsTransformation>();
        services.AddSingleton<IAuthorizationHandler, OfficialOfAgencyHandler>();
        // Deny by default: an endpoint or page that states no rule admits only signed-in callers; public ones say AllowAnonymous.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(PlatformPolicies.Citizen, policy => policy.RequireRole(PlatformRoles.Citizen).RequireClaim(KeycloakClaims.PersonalId))
            .AddPolicy(PlatformPolicies.Official, policy => policy.AddRequirements(new OfficialOfAgencyRequirement(PlatformRoles.Official)))
            .AddPolicy(PlatformPolicies.OneStopClerk, policy => policy.AddRequirements(new OfficialOfAgencyRequirement(PlatformRoles.OneStopClerk)))
            .AddPolicy(PlatformPolicies.Head, policy => policy.AddRequirements(new OfficialOfAgencyRequirement(PlatformRoles.Head)))
            .AddPolicy(PlatformPolicies.PlatformAdmin, policy => policy.RequireRole(PlatformRoles.PlatformAdmin))
            .AddPolicy(PlatformPolicies.VendorIntegration, policy => policy.RequireRole(KeycloakClaims.ClientRole("platform-api", "vendor-integration")));
    }

    // The ID token carries who the user is; Keycloak puts roles into the access token only.
    private static void CopyAccessClaims(string? accessToken, ClaimsIdentity? identity)
    {
        if (accessToken is null || identity is null)
        {
            return;
        }

        var token = new JsonWebToken(accessToken);
        foreach (var type in new[] { KeycloakClaims.RealmAccess, KeycloakClaims.ResourceAccess, KeycloakClaims.Agency, KeycloakClaims.PersonalId, JwtRegisteredClaimNames.Sid })
        {
            if (!identity.HasClaim(claim => claim.Type == type) && token.TryGetClaim(type, out var claim))
            {
                identity.AddClaim(new Claim(type, claim.Value, claim.ValueType));
            }
        }
    }
}
