using System.Security.Cryptography;
using System.Text.Json;
using HanoiEgov.IdentityServer.Realm;

namespace HanoiEgov.Platform.Tests.Identity;

[Trait("Category", "Unit")]
public sealed class RealmLoaderTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Placeholders_are_replaced_with_environment_values()
    {
        var json = """
            {"realm": "${REALM_NAME}", "clients": [{"clientId": "portal", "secret": "${PORTAL_SECRET}", "redirectUris": ["${PORTAL_URL}/signin-oidc"]}]}
            """;
        var environment = new Dictionary<string, string>
        {
            ["REALM_NAME"] = "hanoi",
            ["PORTAL_SECRET"] = "s3cret",
            ["PORTAL_URL"] = "https://portal.example.vn",
        };

        var realm = KeycloakRealmLoader.Parse(json, environment.GetValueOrDefault);

        Assert.Equal("hanoi", realm.Realm);
        var client = Assert.Single(realm.Clients);
        Assert.Equal("s3cret", client.Secret);
        Assert.Equal(["https://portal.example.vn/signin-oidc"], client.RedirectUris);
    }

    [Fact]
    public void A_placeholder_default_is_used_only_when_the_variable_is_not_set()
    {
        var json = """{"realm": "${REALM_NAME:hanoi}", "displayName": "${DISPLAY_NAME:Hà Nội}"}""";

        var realm = KeycloakRealmLoader.Parse(json, name => name == "REALM_NAME" ? "test" : null);

        Assert.Equal("test", realm.Realm);
        Assert.Equal("Hà Nội", realm.DisplayName);
    }

    [Fact]
    public void Every_missing_variable_is_named_in_one_error()
    {
        var json = """{"realm": "${REALM_NAME}", "clients": [{"clientId": "a", "secret": "${A_SECRET}"}, {"clientId": "b", "secret": "${B_SECRET:fallback}"}, {"clientId": "c", "secret": "${C_SECRET}"}]}""";

        var error = Assert.Throws<RealmFileException>(() => KeycloakRealmLoader.Parse(json, name => name == "REALM_NAME" ? "hanoi" : null));

        Assert.Contains("A_SECRET", error.Message, StringComparison.Ordinal);
        Assert.Contains("C_SECRET", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("B_SECRET", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("REALM_NAME", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quote\"inside")]
    [InlineData(@"back\slash")]
    [InlineData("\"}, \"enabled\": true, \"x\": {\"")]
    [InlineData("dòng\nmới")]
    public void A_substituted_value_stays_one_JSON_string_whatever_it_contains(string secret)
    {
        var json = """{"realm": "hanoi", "enabled": false, "clients": [{"clientId": "portal", "secret": "${PORTAL_SECRET}"}]}""";

        var realm = KeycloakRealmLoader.Parse(json, _ => secret);

        Assert.Equal(secret, Assert.Single(realm.Clients).Secret);
        Assert.False(realm.Enabled);
    }

    [Fact]
    public void Placeholders_are_listed_once_each_in_order_of_first_appearance()
    {
        var json = """{"a": "${B_URL}/x", "b": "${A_SECRET:default}", "c": "${B_URL}", "d": "$NOT_A_PLACEHOLDER", "e": "${C_URL}"}""";

        Assert.Equal(["B_URL", "A_SECRET", "C_URL"], KeycloakRealmLoader.Placeholders(json));
    }

    [Fact]
    public void Post_logout_redirect_uris_are_split_on_double_hash()
    {
        var json = """
            {"realm": "hanoi", "clients": [{"clientId": "portal",
              "attributes": {"post.logout.redirect.uris": "https://a.example.vn/signout-callback-oidc##https://b.example.vn/out"}}]}
            """;

        var client = Assert.Single(KeycloakRealmLoader.Parse(json, NoEnvironment).Clients);

        Assert.Equal(["https://a.example.vn/signout-callback-oidc", "https://b.example.vn/out"], client.PostLogoutRedirectUris);
    }

    [Fact]
    public void Audiences_come_only_from_audience_mappers()
    {
        var json = """
            {"realm": "hanoi", "clients": [{"clientId": "portal", "protocolMappers": [
              {"name": "api audience", "protocolMapper": "oidc-audience-mapper", "config": {"included.client.audience": "platform-api"}},
              {"name": "agency", "protocolMapper": "oidc-usermodel-attribute-mapper", "config": {"included.client.audience": "not-an-audience", "claim.name": "agency"}},
              {"name": "reports audience", "protocolMapper": "oidc-audience-mapper", "config": {"included.client.audience": "reports-api"}}]}]}
            """;

        var client = Assert.Single(KeycloakRealmLoader.Parse(json, NoEnvironment).Clients);

        Assert.Equal(["platform-api", "reports-api"], client.Audiences);
    }

    [Fact]
    public void Pkce_is_required_only_for_S256()
    {
        var json = """
            {"realm": "hanoi", "clients": [
              {"clientId": "s256", "attributes": {"pkce.code.challenge.method": "S256"}},
              {"clientId": "plain", "attributes": {"pkce.code.challenge.method": "plain"}},
              {"clientId": "none"}]}
            """;

        var realm = KeycloakRealmLoader.Parse(json, NoEnvironment);

        Assert.Equal(["s256"], realm.Clients.Where(client => client.RequiresPkce).Select(client => client.ClientId));
    }

    [Theory]
    [InlineData("nguyen.van.an")]
    [InlineData("Nguyen.Van.An")]
    [InlineData("AN@EXAMPLE.VN")]
    public void A_person_is_found_by_username_or_email_ignoring_case(string usernameOrEmail)
    {
        var user = KeycloakRealmLoader.Parse(UsersJson, NoEnvironment).FindUser(usernameOrEmail);

        Assert.Equal("nguyen.van.an", user?.Username);
    }

    [Fact]
    public void A_service_account_user_is_not_found_as_a_person_but_as_its_clients_account()
    {
        var realm = KeycloakRealmLoader.Parse(UsersJson, NoEnvironment);

        Assert.Null(realm.FindUser("service-account-vendor-viettel"));
        Assert.Null(realm.FindUser("SERVICE-ACCOUNT-VENDOR-VIETTEL"));
        Assert.Equal("service-account-vendor-viettel", realm.ServiceAccountOf("vendor-viettel")?.Username);
        Assert.Null(realm.ServiceAccountOf("citizen-portal"));
    }

    [Fact]
    public void A_user_exposes_its_first_attribute_value_password_and_full_name()
    {
        var realm = KeycloakRealmLoader.Parse(UsersJson, NoEnvironment);
        var person = realm.FindUser("nguyen.van.an")!;
        var account = realm.ServiceAccountOf("vendor-viettel")!;

        Assert.Equal("001090012345", person.Attribute("personal_id"));
        Assert.Null(person.Attribute("agency"));
        Assert.True(person.Password!.Matches("Demo@2026"));
        Assert.False(person.Password.Matches("demo@2026"));
        Assert.Equal("Nguyễn Văn An", person.FullName);
        Assert.Null(account.Password);
        Assert.Equal("service-account-vendor-viettel", account.FullName);
    }

    [Fact]
    public void Absent_or_null_collections_are_read_as_empty()
    {
        var json = """
            {"realm": "hanoi", "supportedLocales": null, "clients": [{"clientId": "portal", "redirectUris": null}],
             "users": [{"username": "someone", "attributes": {"agency": null}}]}
            """;

        var realm = KeycloakRealmLoader.Parse(json, NoEnvironment);

        Assert.Empty(realm.SupportedLocales);
        Assert.Empty(realm.Roles.Realm);
        Assert.Empty(realm.Roles.Client);
        var client = Assert.Single(realm.Clients);
        Assert.Empty(client.RedirectUris);
        Assert.Empty(client.WebOrigins);
        Assert.Empty(client.Attributes);
        Assert.Empty(client.ProtocolMappers);
        Assert.Empty(client.PostLogoutRedirectUris);
        Assert.Empty(client.Audiences);
        var user = Assert.Single(realm.Users);
        Assert.Empty(user.Attributes);
        Assert.Empty(user.Credentials);
        Assert.Empty(user.RealmRoles);
        Assert.Empty(user.ClientRoles);
    }

    [Fact]
    public void A_file_that_is_not_a_realm_export_is_rejected_as_a_realm_file_error()
    {
        Assert.Throws<RealmFileException>(() => KeycloakRealmLoader.Parse("""{"realm": "hanoi", "clients": {}}""", NoEnvironment));
        Assert.Throws<RealmFileException>(() => KeycloakRealmLoader.Parse("""{"enabled": true}""", NoEnvironment));
        Assert.Throws<RealmFileException>(() => KeycloakRealmLoader.Parse("""{"realm": "hanoi", "clients": [{"name": "no id"}]}""", NoEnvironment));
    }

    [Fact]
    public void Members_are_matched_by_camel_case_name_and_unknown_members_are_ignored()
    {
        var json = """{"realm": "hanoi", "AccessTokenLifespan": 120, "somethingKeycloakAdds": {"x": [1, 2]}}""";

        Assert.Equal(120, KeycloakRealmLoader.Parse(json, NoEnvironment).AccessTokenLifespan);
    }

    [Fact]
    public void A_password_in_Keycloaks_pbkdf2_sha512_form_verifies_the_right_password_only()
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2("Demo@2026", salt, 1000, HashAlgorithmName.SHA512, 64);
        // Keycloak's export writes secretData and credentialData as JSON inside strings.
        var secretData = JsonSerializer.Serialize(JsonSerializer.Serialize(new { value = Convert.ToBase64String(hash), salt = Convert.ToBase64String(salt), additionalParameters = new { } }));
        var json = $$$"""
            {"realm": "hanoi", "users": [{"username": "someone", "credentials": [{"type": "password",
              "secretData": {{{secretData}}}, "credentialData": "{\"hashIterations\":1000,\"algorithm\":\"pbkdf2-sha512\",\"additionalParameters\":{}}"}]}]}
            """;

        var password = KeycloakRealmLoader.Parse(json, NoEnvironment).FindUser("someone")!.Password!;

        Assert.IsType<HashedPassword>(password);
        Assert.True(password.Matches("Demo@2026"));
        Assert.False(password.Matches("Demo@2027"));
        Assert.False(password.Matches(""));
    }

    [Fact]
    public void A_pbkdf2_sha256_hash_is_read_from_objects_as_well_as_from_strings()
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2("s3cret", salt, 500, HashAlgorithmName.SHA256, 32);
        var json = $$$"""
            {"realm": "hanoi", "users": [{"username": "someone", "credentials": [{"type": "password",
              "secretData": {"value": "{{{Convert.ToBase64String(hash)}}}", "salt": "{{{Convert.ToBase64String(salt)}}}"},
              "credentialData": {"hashIterations": 500, "algorithm": "pbkdf2-sha256"}}]}]}
            """;

        var password = KeycloakRealmLoader.Parse(json, NoEnvironment).FindUser("someone")!.Password!;

        Assert.True(password.Matches("s3cret"));
        Assert.False(password.Matches("s3cret "));
    }

    [Fact]
    public void A_password_hashed_with_an_algorithm_this_server_cannot_check_stops_the_load_naming_the_user()
    {
        var json = """
            {"realm": "hanoi", "users": [{"username": "someone", "credentials": [{"type": "password",
              "secretData": "{\"value\":\"AAAA\",\"salt\":\"AAAA\"}", "credentialData": "{\"hashIterations\":5,\"algorithm\":\"argon2\"}"}]}]}
            """;

        var error = Assert.Throws<RealmFileException>(() => KeycloakRealmLoader.Parse(json, NoEnvironment));

        Assert.Contains("someone", error.Message, StringComparison.Ordinal);
        Assert.Contains("argon2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_users_file_adds_its_people_to_the_realm_and_one_of_another_realm_or_repeating_a_user_is_refused()
    {
        var realm = KeycloakRealmLoader.Parse("""{"realm": "hanoi", "users": [{"username": "service-account-x", "serviceAccountClientId": "x"}]}""", NoEnvironment);

        var joined = KeycloakRealmLoader.WithUsers(realm, """{"realm": "hanoi", "users": [{"username": "an", "credentials": [{"type": "password", "value": "p"}]}]}""", NoEnvironment);

        Assert.Equal(["service-account-x", "an"], joined.Users.Select(user => user.Username));
        Assert.True(joined.FindUser("an")!.Password!.Matches("p"));
        Assert.Throws<RealmFileException>(() => KeycloakRealmLoader.WithUsers(realm, """{"realm": "other", "users": []}""", NoEnvironment));
        Assert.Throws<RealmFileException>(() => KeycloakRealmLoader.WithUsers(realm, """{"realm": "hanoi", "users": [{"username": "SERVICE-ACCOUNT-X"}]}""", NoEnvironment));
    }

    private const string UsersJson = """
        {"realm": "hanoi", "users": [
          {"username": "service-account-vendor-viettel", "enabled": true, "serviceAccountClientId": "vendor-viettel",
           "clientRoles": {"platform-api": ["vendor-integration"]}},
          {"username": "nguyen.van.an", "enabled": true, "firstName": "Nguyễn Văn", "lastName": "An", "email": "an@example.vn",
           "attributes": {"personal_id": ["001090012345"]}, "realmRoles": ["citizen"],
           "credentials": [{"type": "otp", "value": "not-a-password"}, {"type": "password", "value": "Demo@2026", "temporary": false}]}]}
        """;
}
