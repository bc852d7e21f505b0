using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HanoiEgov.IdentityServer.Realm;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using OpenIddict.Validation.AspNetCore;

namespace HanoiEgov.IdentityServer.Protocol;

/// <summary>Keycloak's UserRepresentation, as its admin API writes it (attributes left out of a brief one).</summary>
internal sealed record UserRepresentation(
    string Id, string Username, string? FirstName, string? LastName, string? Email, bool EmailVerified, bool Enabled,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Attributes);

/// <summary>Keycloak's RoleRepresentation of a realm role.</summary>
internal sealed record RoleRepresentation(string Id, string Name, string? Description, bool Composite, bool ClientRole, string ContainerId);

/// <summary>
/// The part of Keycloak's Admin REST API that services read the realm's people through: users searched by attribute
/// (<c>q=agency:00004</c>), one user by id, a user's effective realm roles. The caller is a bearer token of this realm
/// whose <c>resource_access.realm-management.roles</c> hold <c>view-users</c> (a service account given it, as in
/// Keycloak); anything else is 401 or 403, as Keycloak answers.
/// </summary>
internal static class AdminEndpoints
{
    private const int KeycloakDefaultMax = 100;

    /// <summary>Every realm gets a composite default role, which Keycloak gives every user, with these two in it.</summary>
    private static readonly string[] DefaultRoleComposites = ["offline_access", "uma_authorization"];

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints, RealmPaths paths)
    {
        var admin = endpoints.MapGroup($"/{paths.Admin}").AllowAnonymous().AddEndpointFilter(RequireViewUsers);
        admin.MapGet("/users", Users);
        admin.MapGet("/users/{id}", User);
        admin.MapGet("/users/{id}/role-mappings/realm/composite", EffectiveRealmRoles);
        return endpoints;
    }

    private static IResult Users(
        KeycloakRealm realm, KeycloakTokenClaims claims, [FromQuery] string? q, [FromQuery] int? first, [FromQuery] int? max,
        [FromQuery] bool? briefRepresentation, [FromQuery] bool? enabled)
    {
        var wanted = (q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(term => term.Split(':', 2))
            .Select(pair => (Name: pair[0], Value: pair.Length > 1 ? pair[1] : ""))
            .ToList();
        var found = People(realm)
            .Where(user => enabled is null || user.Enabled == enabled)
            .Where(user => wanted.All(term => user.Attributes.GetValueOrDefault(term.Name)?.Contains(term.Value, StringComparer.Ordinal) == true))
            .OrderBy(user => user.Username, StringComparer.Ordinal)
            .Skip(Math.Max(first ?? 0, 0))
            .Take(max is > 0 ? max.Value : KeycloakDefaultMax)
            .Select(user => Represent(user, claims, brief: briefRepresentation == true));
        return Results.Json(found);
    }

    private static IResult User(string id, KeycloakRealm realm, KeycloakTokenClaims claims) =>
        Find(realm, claims, id) is { } user ? Results.Json(Represent(user, claims, brief: false)) : UserNotFound();

    private static IResult EffectiveRealmRoles(string id, KeycloakRealm realm, KeycloakTokenClaims claims)
    {
        if (Find(realm, claims, id) is not { } user)
        {
            return UserNotFound();
        }

        var defaultRole = $"default-roles-{realm.Realm}";
        var held = user.RealmRoles.Concat([defaultRole, .. DefaultRoleComposites]).Distinct(StringComparer.Ordinal);
        return Results.Json(held.Select(name => new RoleRepresentation(
            StableId(realm, $"role:{name}"), name, realm.Roles.Realm.FirstOrDefault(role => role.Name == name)?.Description, name == defaultRole, false, StableId(realm, "realm"))));
    }

    /// <summary>A valid access token of this realm (401 otherwise) whose realm-management roles hold view-users (403 otherwise).</summary>
    private static async ValueTask<object?> RequireViewUsers(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var token = await http.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
        if (token.Principal is not { } principal)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(new { error = "HTTP 401 Unauthorized" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        return ManagementRoles(principal.FindFirst("resource_access")?.Value).Contains(KeycloakRealm.ViewUsers)
            ? await next(context)
            : Results.Json(new { error = "HTTP 403 Forbidden" }, statusCode: StatusCodes.Status403Forbidden);
    }

    private static List<string> ManagementRoles(string? resourceAccess)
    {
        try
        {
            using var document = JsonDocument.Parse(resourceAccess ?? "{}");
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(KeycloakRealm.ManagementClient, out var management)
                && management.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
                ? [.. roles.EnumerateArray().Select(role => role.GetString() ?? "")]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The realm's people; service accounts are not listed, as in Keycloak.</summary>
    private static IEnumerable<KeycloakUser> People(KeycloakRealm realm) => realm.Users.Where(user => user.ServiceAccountClientId is null);

    private static KeycloakUser? Find(KeycloakRealm realm, KeycloakTokenClaims claims, string id) =>
        People(realm).FirstOrDefault(user => string.Equals(claims.UserId(user), id, StringComparison.OrdinalIgnoreCase));

    private static UserRepresentation Represent(KeycloakUser user, KeycloakTokenClaims claims, bool brief) =>
        new(claims.UserId(user), user.Username.ToLowerInvariant(), user.FirstName, user.LastName, user.Email, user.EmailVerified, user.Enabled,
            brief ? null : user.Attributes);

    private static IResult UserNotFound() => Results.Json(new { error = "User not found" }, statusCode: StatusCodes.Status404NotFound);

    private static string StableId(KeycloakRealm realm, string name) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"{realm.Realm}:{name}")).AsSpan(0, 16)).ToString();
}
