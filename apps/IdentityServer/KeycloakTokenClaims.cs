using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HanoiEgov.IdentityServer.Realm;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace HanoiEgov.IdentityServer;

/// <summary>
/// Builds the principal OpenIddict turns into tokens, with Keycloak's claim shapes: <c>sub</c>, <c>azp</c>,
/// <c>sid</c>, <c>preferred_username</c>, <c>realm_access.roles</c>, <c>resource_access.&lt;client&gt;.roles</c>,
/// the profile claims and what the client's attribute mappers add; audiences from its audience mappers.
/// </summary>
internal sealed class KeycloakTokenClaims(KeycloakRealm realm)
{
    private const string AttributeMapper = "oidc-usermodel-attribute-mapper";

    public ClaimsPrincipal Create(KeycloakUser user, KeycloakClient client, string? sessionId, IEnumerable<string> scopes)
    {
        var identity = new ClaimsIdentity(
            OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, "preferred_username", "role");
        identity.SetClaim(Claims.Subject, UserId(user))
            .SetClaim("preferred_username", user.Username)
            .SetClaim(Claims.AuthorizedParty, client.ClientId)
            .SetClaim("sid", sessionId);

        if (user.ServiceAccountClientId is null)
        {
            identity.SetClaim(Claims.Name, user.FullName)
                .SetClaim(Claims.GivenName, user.FirstName)
                .SetClaim(Claims.FamilyName, user.LastName)
                .SetClaim(Claims.Email, user.Email)
                .SetClaim(Claims.EmailVerified, JsonSerializer.SerializeToElement(user.EmailVerified));
        }

        identity.SetClaim("realm_access", JsonSerializer.SerializeToElement(new { roles = user.RealmRoles }));
        var clientRoles = user.ClientRoles
            .Where(entry => entry.Value.Count > 0)
            .ToDictionary(entry => entry.Key, entry => new { roles = entry.Value });
        if (clientRoles.Count > 0)
        {
            identity.SetClaim("resource_access", JsonSerializer.SerializeToElement(clientRoles));
        }

        var destinations = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var mapper in client.ProtocolMappers.Where(mapper => mapper.ProtocolMapper == AttributeMapper))
        {
            var claimName = mapper.Config.GetValueOrDefault("claim.name");
            var value = user.Attribute(mapper.Config.GetValueOrDefault("user.attribute") ?? "");
            if (claimName is null || value is null)
            {
                continue;
            }

            identity.SetClaim(claimName, value);
            destinations[claimName] =
            [
                .. IsOn(mapper, "access.token.claim") ? [Destinations.AccessToken] : Array.Empty<string>(),
                .. IsOn(mapper, "id.token.claim") ? [Destinations.IdentityToken] : Array.Empty<string>(),
            ];
        }

        var principal = new ClaimsPrincipal(identity);
        // Keycloak gives every browser sign-in a refresh token bound to the SSO session.
        principal.SetScopes(user.ServiceAccountClientId is null ? scopes.Append(Scopes.OfflineAccess).Distinct(StringComparer.Ordinal) : scopes);
        principal.SetAudiences(client.Audiences);
        identity.SetDestinations(claim => claim.Type switch
        {
            _ when destinations.TryGetValue(claim.Type, out var mapped) => mapped,
            "realm_access" or "resource_access" => [Destinations.AccessToken],
            _ => [Destinations.AccessToken, Destinations.IdentityToken],
        });
        return principal;
    }

    /// <summary>A stable UUID per user of the realm, as Keycloak gives every user one.</summary>
    public string UserId(KeycloakUser user)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{realm.Realm}:{user.Username.ToLowerInvariant()}"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static bool IsOn(KeycloakProtocolMapper mapper, string key) =>
        string.Equals(mapper.Config.GetValueOrDefault(key), "true", StringComparison.OrdinalIgnoreCase);
}
