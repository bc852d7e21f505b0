using System.Text.Json;
using System.Text.Json.Serialization;

namespace HanoiEgov.IdentityServer.Realm;

/// <summary>The part of a Keycloak realm export that the identity server serves.</summary>
internal sealed record KeycloakRealm(
    string Realm, bool Enabled, string? DisplayName, string SslRequired, IReadOnlyList<string> SupportedLocales, string DefaultLocale,
    bool BruteForceProtected, int FailureFactor, int WaitIncrementSeconds, int MaxFailureWaitSeconds, int MaxDeltaTimeSeconds,
    int AccessTokenLifespan, int SsoSessionIdleTimeout, int SsoSessionMaxLifespan,
    KeycloakRoles Roles, IReadOnlyList<KeycloakClient> Clients, IReadOnlyList<KeycloakUser> Users)
{
    /// <summary>The client Keycloak creates in every realm whose roles administer it; a realm file gives its roles to service accounts.</summary>
    public const string ManagementClient = "realm-management";

    /// <summary>The management role that reads users, their attributes and role mappings (the admin API's <c>/users</c>).</summary>
    public const string ViewUsers = "view-users";

    /// <summary>The roles of the clients Keycloak creates in every realm, which a realm file may grant without defining them.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> BuiltInClientRoles = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [ManagementClient] =
        [
            "create-client", "impersonation", "manage-authorization", "manage-clients", "manage-events", "manage-identity-providers", "manage-realm",
            "manage-users", "query-clients", "query-groups", "query-realms", "query-users", "realm-admin", "view-authorization", "view-clients", "view-events",
            "view-identity-providers", "view-realm", ViewUsers,
        ],
    };

    public KeycloakClient? FindClient(string clientId) =>
        Clients.FirstOrDefault(client => string.Equals(client.ClientId, clientId, StringComparison.Ordinal));

    /// <summary>A person who can sign in by username or email; service-account users cannot.</summary>
    public KeycloakUser? FindUser(string usernameOrEmail) =>
        Users.FirstOrDefault(user => user.ServiceAccountClientId is null
            && (string.Equals(user.Username, usernameOrEmail, StringComparison.OrdinalIgnoreCase)
                || string.Equals(user.Email, usernameOrEmail, StringComparison.OrdinalIgnoreCase)));

    public KeycloakUser? ServiceAccountOf(string clientId) =>
        Users.FirstOrDefault(user => string.Equals(user.ServiceAccountClientId, clientId, StringComparison.Ordinal));
}

/// <summary>Realm roles, and client roles keyed by client id.</summary>
internal sealed record KeycloakRoles(IReadOnlyList<KeycloakRole> Realm, IReadOnlyDictionary<string, IReadOnlyList<KeycloakRole>> Client);

internal sealed record KeycloakRole(string Name, string? Description);

internal sealed record KeycloakClient(
    string ClientId, string? Name, bool Enabled, bool PublicClient, string? Secret,
    bool StandardFlowEnabled, bool DirectAccessGrantsEnabled, bool ServiceAccountsEnabled,
    IReadOnlyList<string> RedirectUris, IReadOnlyList<string> WebOrigins, IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<string> DefaultClientScopes, IReadOnlyList<KeycloakProtocolMapper> ProtocolMappers)
{
    public const string AudienceMapper = "oidc-audience-mapper";

    public IReadOnlyList<string> PostLogoutRedirectUris =>
        Attributes.GetValueOrDefault("post.logout.redirect.uris") is { } uris
            ? uris.Split("##", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    public string? BackchannelLogoutUrl =>
        Attributes.GetValueOrDefault("backchannel.logout.url") is { Length: > 0 } url ? url : null;

    public bool RequiresPkce =>
        string.Equals(Attributes.GetValueOrDefault("pkce.code.challenge.method"), "S256", StringComparison.Ordinal);

    /// <summary>The clients that the audience mappers add to this client's tokens.</summary>
    public IReadOnlyList<string> Audiences =>
        [.. ProtocolMappers
            .Where(mapper => string.Equals(mapper.ProtocolMapper, AudienceMapper, StringComparison.Ordinal))
            .Select(mapper => mapper.Config.GetValueOrDefault("included.client.audience"))
            .OfType<string>()
            .Where(audience => audience.Length > 0)
            .Distinct(StringComparer.Ordinal)];
}

internal sealed record KeycloakProtocolMapper(string Name, string ProtocolMapper, IReadOnlyDictionary<string, string> Config);

internal sealed record KeycloakUser(
    string Username, bool Enabled, string? FirstName, string? LastName, string? Email, bool EmailVerified,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Attributes, IReadOnlyList<KeycloakCredential> Credentials,
    IReadOnlyList<string> RealmRoles, IReadOnlyDictionary<string, IReadOnlyList<string>> ClientRoles, string? ServiceAccountClientId)
{
    public string? Attribute(string name) => Attributes.GetValueOrDefault(name) is { Count: > 0 } values ? values[0] : null;

    /// <summary>The password credential, read when the realm file is loaded; null for a user without one (a service account).</summary>
    [JsonIgnore]
    public StoredPassword? Password { get; init; }

    public string FullName => $"{FirstName} {LastName}".Trim() is { Length: > 0 } name ? name : Username;
}

internal sealed record KeycloakCredential(string Type, string? Value, bool Temporary, JsonElement? SecretData, JsonElement? CredentialData);

internal sealed class RealmFileException(string message) : Exception(message);
