using System.Security.Cryptography;
using System.Text.Json.Nodes;
using HanoiEgov.IdentityServer.Realm;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Identity;

/// <summary>The realm file that Keycloak imports and the identity server loads, checked for what the services rely on.</summary>
[Trait("Category", "Unit")]
public sealed class RealmFileTests
{
    private const string PlatformApi = "platform-api";
    private static readonly string[] Portals = ["citizen-portal", "officials-portal"];
    private static readonly string[] Vendors = ["vendor-viettel", "vendor-vnpt", "vendor-fpt"];

    private static readonly Dictionary<string, string> PortalUrls = new()
    {
        ["CITIZEN_PORTAL_URL"] = "https://dichvucong.example.vn",
        ["OFFICIALS_PORTAL_URL"] = "https://canbo.example.vn",
    };

    private static readonly string RealmPath = Path.Combine(TestRealm.RepositoryRoot, "AppHost", "Realms", "hanoi-realm.json");
    private static readonly string RawJson = File.ReadAllText(RealmPath);
    private static readonly string DemoUsersPath = Path.Combine(TestRealm.RepositoryRoot, "AppHost", "Realms", "dev", "hanoi-users-0.json");
    private static readonly KeycloakRealm RealmWithoutDemoUsers = KeycloakRealmLoader.Load(RealmPath, FakeEnvironment);

    /// <summary>The realm as Development imports it: the realm file and the demo users.</summary>
    private static readonly KeycloakRealm Realm = KeycloakRealmLoader.Load(RealmPath, FakeEnvironment, DemoUsersPath);

    [Fact]
    public void The_realm_file_that_production_imports_has_no_people_and_no_passwords_only_the_clients_service_accounts()
    {
        Assert.NotEmpty(RealmWithoutDemoUsers.Users);
        Assert.All(RealmWithoutDemoUsers.Users, user =>
        {
            Assert.NotNull(user.ServiceAccountClientId);
            Assert.Empty(user.Credentials);
        });
        Assert.DoesNotContain("\"credentials\"", RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public void The_demo_users_file_holds_the_people_of_realm_hanoi_with_hashed_passwords_only()
    {
        var file = JsonNode.Parse(File.ReadAllText(DemoUsersPath))!;

        Assert.Equal("hanoi", file["realm"]!.GetValue<string>());
        var people = file["users"]!.AsArray();
        Assert.Equal(9, people.Count);
        Assert.All(people, person =>
        {
            Assert.Null(person!["serviceAccountClientId"]);
            var credential = Assert.Single(person["credentials"]!.AsArray())!;
            Assert.Null(credential["value"]);
            Assert.NotNull(credential["secretData"]);
        });
    }

    [Fact]
    public void The_realm_is_hanoi_in_Vietnamese_with_English_as_the_other_language()
    {
        Assert.Equal("hanoi", Realm.Realm);
        Assert.True(Realm.Enabled);
        Assert.Equal("vi", Realm.DefaultLocale);
        Assert.Equal(["en", "vi"], Realm.SupportedLocales.Order(StringComparer.Ordinal));
        Assert.Equal("external", Realm.SslRequired);
    }

    [Fact]
    public void Brute_force_protection_locks_an_account_after_5_failures()
    {
        Assert.True(Realm.BruteForceProtected);
        Assert.Equal(5, Realm.FailureFactor);
        Assert.Equal(60, Realm.WaitIncrementSeconds);
        Assert.Equal(900, Realm.MaxFailureWaitSeconds);
    }

    [Fact]
    public void The_file_asks_the_AppHost_for_exactly_the_portal_urls_and_client_secrets()
    {
        string[] expected =
        [
            "CITIZEN_PORTAL_SECRET", "CITIZEN_PORTAL_URL", "OFFICIALS_PORTAL_SECRET", "OFFICIALS_PORTAL_URL",
            "PLATFORM_API_SECRET", "VENDOR_FPT_SECRET", "VENDOR_VIETTEL_SECRET", "VENDOR_VNPT_SECRET",
        ];

        Assert.Equal(expected, KeycloakRealmLoader.Placeholders(RawJson).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_client_is_confidential_with_its_secret_taken_from_an_environment_variable()
    {
        var placeholders = KeycloakRealmLoader.Placeholders(RawJson);
        var rawClients = JsonNode.Parse(RawJson)!["clients"]!.AsArray();

        Assert.Equal(Realm.Clients.Count, rawClients.Count);
        Assert.All(rawClients, rawClient =>
        {
            var rawSecret = rawClient!["secret"]?.GetValue<string>() ?? "";
            var variable = Assert.Single(KeycloakRealmLoader.Placeholders(rawSecret));
            Assert.Equal($"${{{variable}}}", rawSecret);
            Assert.EndsWith("_SECRET", variable, StringComparison.Ordinal);
            Assert.Contains(variable, placeholders);
        });
        Assert.All(Realm.Clients, client =>
        {
            Assert.False(client.PublicClient, client.ClientId);
            Assert.StartsWith("value-of-", client.Secret, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_role_a_user_holds_is_defined()
    {
        var realmRoles = Realm.Roles.Realm.Select(role => role.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(Realm.Users, user =>
        {
            Assert.All(user.RealmRoles, role => Assert.Contains(role, realmRoles));
            Assert.All(user.ClientRoles, held =>
            {
                var defined = Realm.Roles.Client.TryGetValue(held.Key, out var roles) ? roles.Select(role => role.Name).ToList()
                    : KeycloakRealm.BuiltInClientRoles.GetValueOrDefault(held.Key);
                Assert.True(defined is not null, $"{user.Username} holds roles of undefined client {held.Key}");
                Assert.All(held.Value, role => Assert.Contains(role, defined));
            });
        });
    }

    [Fact]
    public void Every_client_named_by_a_role_or_an_audience_exists()
    {
        var named = Realm.Roles.Client.Keys
            .Concat(Realm.Users.SelectMany(user => user.ClientRoles.Keys))
            .Concat(Realm.Users.Select(user => user.ServiceAccountClientId).OfType<string>())
            .Concat(Realm.Clients.SelectMany(client => client.Audiences));

        Assert.All(named, clientId => Assert.True(Realm.FindClient(clientId) is not null || KeycloakRealm.BuiltInClientRoles.ContainsKey(clientId), clientId));
    }

    [Fact]
    public void Realm_and_client_roles_have_Vietnamese_then_English_descriptions()
    {
        Assert.Equal(["citizen", "head", "official", "one-stop-clerk", "platform-admin"], Realm.Roles.Realm.Select(role => role.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["back-office"], Realm.Roles.Client["officials-portal"].Select(role => role.Name));
        Assert.Equal(["catalogue-admin", "vendor-integration"], Realm.Roles.Client[PlatformApi].Select(role => role.Name).Order(StringComparer.Ordinal));
        Assert.All(Realm.Roles.Realm.Concat(Realm.Roles.Client.Values.SelectMany(roles => roles)),
            role => Assert.Matches(@"^\S.* / [A-Z]", role.Description ?? ""));
    }

    [Fact]
    public void Both_portals_use_the_code_flow_with_PKCE_and_sign_out_through_their_own_addresses()
    {
        Assert.All(Portals, clientId =>
        {
            var portal = Realm.FindClient(clientId)!;
            var url = PortalUrls[$"{clientId.Replace("-portal", "", StringComparison.Ordinal).ToUpperInvariant()}_PORTAL_URL"];

            Assert.True(portal.StandardFlowEnabled);
            Assert.True(portal.RequiresPkce);
            Assert.Equal($"{url}/signin-oidc", Assert.Single(portal.RedirectUris));
            Assert.Equal($"{url}/signout-callback-oidc", Assert.Single(portal.PostLogoutRedirectUris));
            Assert.Equal($"{url}/signout-backchannel", portal.BackchannelLogoutUrl);
            Assert.Equal([url], portal.WebOrigins);
            Assert.Equal("true", portal.Attributes["backchannel.logout.session.required"]);
        });
    }

    [Fact]
    public void Portal_tokens_carry_the_agency_and_personal_id_claims()
    {
        Assert.All(Portals, clientId =>
        {
            var claims = Realm.FindClient(clientId)!.ProtocolMappers
                .Where(mapper => mapper.ProtocolMapper == "oidc-usermodel-attribute-mapper" && mapper.Config["access.token.claim"] == "true")
                .Select(mapper => (Attribute: mapper.Config["user.attribute"], Claim: mapper.Config["claim.name"]));

            Assert.Equal([("agency", "agency"), ("personal_id", "personal_id")], claims.Order());
        });
    }

    [Fact]
    public void Portals_and_vendors_issue_access_tokens_for_the_platform_api()
    {
        Assert.All(Portals.Concat(Vendors), clientId => Assert.Contains(PlatformApi, Realm.FindClient(clientId)!.Audiences));

        var platformApi = Realm.FindClient(PlatformApi)!;
        Assert.False(platformApi.StandardFlowEnabled);
        Assert.Empty(platformApi.RedirectUris);
    }

    [Fact]
    public void The_platform_reads_the_directory_of_officials_as_a_service_account_that_may_only_view_users()
    {
        var platformApi = Realm.FindClient(PlatformApi)!;
        var account = Realm.ServiceAccountOf(PlatformApi);

        Assert.True(platformApi.ServiceAccountsEnabled);
        Assert.NotNull(account);
        Assert.Empty(account.RealmRoles);
        Assert.Equal([KeycloakRealm.ManagementClient], account.ClientRoles.Keys);
        Assert.Equal(["query-users", "view-users"], account.ClientRoles[KeycloakRealm.ManagementClient].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_vendor_client_has_a_service_account_that_may_integrate_with_the_platform_api()
    {
        var vendorClients = Realm.Clients.Where(client => client.ClientId.StartsWith("vendor-", StringComparison.Ordinal));

        Assert.Equal(Vendors.Order(StringComparer.Ordinal), vendorClients.Select(client => client.ClientId).Order(StringComparer.Ordinal));
        Assert.All(Vendors, clientId =>
        {
            var vendor = Realm.FindClient(clientId)!;
            var account = Realm.ServiceAccountOf(clientId);

            Assert.True(vendor.ServiceAccountsEnabled);
            Assert.False(vendor.StandardFlowEnabled);
            Assert.NotNull(account);
            Assert.True(account.Enabled);
            Assert.Null(account.Password);
            Assert.Contains("vendor-integration", account.ClientRoles.GetValueOrDefault(PlatformApi) ?? []);
        });
    }

    [Fact]
    public void No_client_accepts_user_passwords_or_the_implicit_flow()
    {
        Assert.All(Realm.Clients, client => Assert.False(client.DirectAccessGrantsEnabled, client.ClientId));
        Assert.All(JsonNode.Parse(RawJson)!["clients"]!.AsArray(), rawClient =>
            Assert.False(rawClient!["implicitFlowEnabled"]?.GetValue<bool>() ?? false, rawClient["clientId"]!.GetValue<string>()));
    }

    [Fact]
    public void Each_of_two_demo_wards_has_a_one_stop_clerk_and_a_head_in_the_back_office()
    {
        var officials = Realm.Users.Where(user => user.RealmRoles.Contains("official")).ToList();
        var wards = officials.GroupBy(user => user.Attribute("agency")).ToDictionary(ward => ward.Key ?? "", ward => ward.ToList());

        Assert.Equal(["00004", "00070"], wards.Keys.Order(StringComparer.Ordinal));
        Assert.All(wards.Values, staff =>
        {
            Assert.Contains(staff, user => user.RealmRoles.Contains("one-stop-clerk"));
            Assert.Contains(staff, user => user.RealmRoles.Contains("head"));
        });
        Assert.All(officials, user => Assert.Contains("back-office", user.ClientRoles.GetValueOrDefault("officials-portal") ?? []));
    }

    [Fact]
    public void Every_citizen_has_a_CCCD_registered_in_Hanoi_with_a_valid_gender_and_century_digit()
    {
        var citizens = Realm.Users.Where(user => user.RealmRoles.Contains("citizen")).ToList();

        Assert.NotEmpty(citizens);
        Assert.All(citizens, citizen => Assert.Matches(@"^001[0-3][0-9]{8}$", citizen.Attribute("personal_id") ?? ""));
    }

    [Fact]
    public void Demo_people_sign_in_with_the_documented_demo_password_kept_as_a_Keycloak_pbkdf2_hash_and_verified_example_vn_emails()
    {
        var people = Realm.Users.Where(user => user.ServiceAccountClientId is null).ToList();

        Assert.Contains(people, user => user.Username == "admin" && user.RealmRoles.Contains("platform-admin")
            && (user.ClientRoles.GetValueOrDefault(PlatformApi) ?? []).Contains("catalogue-admin"));
        Assert.Equal("Nguyễn Văn An", Realm.FindUser("nguyen.van.an")?.FullName);
        Assert.All(people, user =>
        {
            Assert.True(user.Enabled && user.EmailVerified, user.Username);
            Assert.EndsWith("@example.vn", user.Email, StringComparison.Ordinal);
            var password = Assert.IsType<HashedPassword>(user.Password);
            Assert.Equal((HashAlgorithmName.SHA512, 210_000), (password.Algorithm, password.Iterations));
            Assert.True(password.Matches("Demo@2026"), user.Username);
            Assert.False(Assert.Single(user.Credentials).Temporary);
            Assert.Same(user, Realm.FindUser(user.Email!));
        });
    }

    private static string FakeEnvironment(string name) => PortalUrls.GetValueOrDefault(name) ?? $"value-of-{name}";
}
