namespace HanoiEgov.IdentityServer;

/// <summary>Keycloak's URL layout for one realm, relative to the server root.</summary>
internal sealed record RealmPaths(string Realm)
{
    public string Base => $"realms/{Realm}";
    public string Configuration => $"{Base}/.well-known/openid-configuration";
    public string Authorization => $"{Base}/protocol/openid-connect/auth";
    public string Token => $"{Base}/protocol/openid-connect/token";
    public string UserInfo => $"{Base}/protocol/openid-connect/userinfo";
    public string Certificates => $"{Base}/protocol/openid-connect/certs";
    public string Logout => $"{Base}/protocol/openid-connect/logout";
    public string Introspection => $"{Base}/protocol/openid-connect/token/introspect";
    public string Revocation => $"{Base}/protocol/openid-connect/revoke";
    public string Login => $"{Base}/login-actions/authenticate";

    /// <summary>The realm's Admin REST API, outside the realm's own base as Keycloak serves it.</summary>
    public string Admin => $"admin/realms/{Realm}";
}
