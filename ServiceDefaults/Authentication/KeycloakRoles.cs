using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;

namespace HanoiEgov.ServiceDefaults.Authentication;

/// <summary>The realm's roles and the claims the platform reads from Keycloak tokens.</summary>
public static class KeycloakClaims
{
    public const string Agency = "agency";
    public const string PersonalId = "personal_id";
    public const string PreferredUsername = "preferred_username";
    public const string RealmAccess = "realm_access";
    public const string ResourceAccess = "resource_access";
    public const string Role = ClaimTypes.Role;

    /// <summary>The role claim a client role becomes: <c>client:role</c>, e.g. <c>platform-api:vendor-integration</c>.</summary>
    public static string ClientRole(string clientId, string role) => $"{clientId}:{role}";
}

/// <summary>
/// Turns Keycloak's <c>realm_access.roles</c> and <c>resource_access.&lt;client&gt;.roles</c> into role claims, so
/// that <c>[Authorize(Roles = ...)]</c>, <c>IsInRole</c> and the named policies work with Keycloak's token shape.
/// </summary>
internal sealed class KeycloakRolesClaimsTransformation : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity is not ClaimsIdentity { IsAuthenticated: true } identity || identity.HasClaim(claim => claim.Type == KeycloakClaims.Role))
        {
            return Task.FromResult(principal);
        }

        foreach (var role in RolesOf(identity).ToList())
        {
            identity.AddClaim(new Claim(KeycloakClaims.Role, role));
        }

        return Task.FromResult(principal);
    }

    internal static IEnumerable<string> RolesOf(ClaimsIdentity identity)
    {
        foreach (var realmAccess in identity.FindAll(KeycloakClaims.RealmAccess))
        {
            foreach (var role in RolesIn(realmAccess.Value))
            {
                yield return role;
            }
        }

        foreach (var resourceAccess in identity.FindAll(KeycloakClaims.ResourceAccess))
        {
            using var document = Parse(resourceAccess.Value);
            if (document?.RootElement.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var client in document.RootElement.EnumerateObject())
            {
                foreach (var role in RolesIn(client.Value.GetRawText()))
                {
                    yield return KeycloakClaims.ClientRole(client.Name, role);
                }
            }
        }
    }

    private static List<string> RolesIn(string json)
    {
        using var document = Parse(json);
        return document?.RootElement is { ValueKind: JsonValueKind.Object } root
            && root.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array
            ? [.. roles.EnumerateArray().Where(role => role.ValueKind == JsonValueKind.String).Select(role => role.GetString()!)]
            : [];
    }

    private static JsonDocument? Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
