using System.Text.Json;
using System.Text.RegularExpressions;

namespace HanoiEgov.IdentityServer.Realm;

/// <summary>
/// Reads a Keycloak realm export the way <c>kc.sh start --import-realm</c> does: <c>${NAME}</c> and <c>${NAME:default}</c>
/// placeholders are filled from the environment before the JSON is read.
/// </summary>
internal static partial class KeycloakRealmLoader
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
    };

    /// <param name="usersFile">A users file of the realm (Keycloak's <c>&lt;realm&gt;-users-&lt;n&gt;.json</c>), whose users join the realm's.</param>
    public static KeycloakRealm Load(string path, Func<string, string?> environment, string? usersFile = null)
    {
        var realm = Parse(Read(path), environment);
        return usersFile is null ? realm : WithUsers(realm, Read(usersFile), environment);
    }

    public static KeycloakRealm Parse(string json, Func<string, string?> environment)
    {
        KeycloakRealm? realm;
        try
        {
            realm = JsonSerializer.Deserialize<KeycloakRealm>(Substitute(json, environment), JsonOptions);
        }
        catch (JsonException error)
        {
            throw new RealmFileException($"The realm file is not a valid realm export: {error.Message}");
        }

        return Normalize(realm ?? throw new RealmFileException("The realm file is empty."));
    }

    /// <summary>The realm with the users of a users file (<c>{"realm": ..., "users": [...]}</c>, as Keycloak exports them) added.</summary>
    public static KeycloakRealm WithUsers(KeycloakRealm realm, string usersJson, Func<string, string?> environment)
    {
        KeycloakUsersFile? file;
        try
        {
            file = JsonSerializer.Deserialize<KeycloakUsersFile>(Substitute(usersJson, environment), JsonOptions);
        }
        catch (JsonException error)
        {
            throw new RealmFileException($"The users file is not a valid users export: {error.Message}");
        }

        if (file is null || !string.Equals(file.Realm, realm.Realm, StringComparison.Ordinal))
        {
            throw new RealmFileException($"The users file is not of realm '{realm.Realm}' (it names '{file?.Realm}').");
        }

        List<KeycloakUser> users = [.. realm.Users, .. ListOf(file.Users).Select(Normalize)];
        var twice = users.GroupBy(user => user.Username, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1);
        return twice is null
            ? realm with { Users = users }
            : throw new RealmFileException($"User '{twice.Key}' is in the realm more than once.");
    }

    private static string Read(string path) =>
        File.Exists(path) ? File.ReadAllText(path) : throw new RealmFileException($"Realm file '{path}' does not exist.");

    private static string Substitute(string json, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(environment);

        var missing = new List<string>();
        var substituted = PlaceholderPattern().Replace(json, match =>
        {
            var name = match.Groups["name"].Value;
            if (environment(name) is { } value)
            {
                // The placeholder sits inside a JSON string, so the value must be escaped to keep the document valid.
                return JsonEncodedText.Encode(value).Value;
            }

            // A default is written in the file, where it is already JSON-escaped.
            if (match.Groups["default"].Success)
            {
                return match.Groups["default"].Value;
            }

            if (!missing.Contains(name, StringComparer.Ordinal))
            {
                missing.Add(name);
            }

            return match.Value;
        });

        return missing.Count > 0
            ? throw new RealmFileException($"The realm file needs environment variables that are not set: {string.Join(", ", missing)}.")
            : substituted;
    }

    public static IReadOnlyList<string> Placeholders(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        return [.. PlaceholderPattern().Matches(json).Select(match => match.Groups["name"].Value).Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_.]*)(?::(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex PlaceholderPattern();

    // System.Text.Json leaves absent members null whatever the annotations say; from here on they are not.
    private static KeycloakRealm Normalize(KeycloakRealm realm) => realm with
    {
        Realm = Required(realm.Realm, "The realm has no name."),
        SslRequired = realm.SslRequired ?? "external",
        SupportedLocales = ListOf(realm.SupportedLocales),
        DefaultLocale = realm.DefaultLocale ?? "en",
        FailureFactor = OrKeycloakDefault(realm.FailureFactor, 30),
        WaitIncrementSeconds = OrKeycloakDefault(realm.WaitIncrementSeconds, 60),
        MaxFailureWaitSeconds = OrKeycloakDefault(realm.MaxFailureWaitSeconds, 900),
        MaxDeltaTimeSeconds = OrKeycloakDefault(realm.MaxDeltaTimeSeconds, 43200),
        AccessTokenLifespan = OrKeycloakDefault(realm.AccessTokenLifespan, 300),
        SsoSessionIdleTimeout = OrKeycloakDefault(realm.SsoSessionIdleTimeout, 1800),
        SsoSessionMaxLifespan = OrKeycloakDefault(realm.SsoSessionMaxLifespan, 36000),
        Roles = realm.Roles is null
            ? new KeycloakRoles([], new Dictionary<string, IReadOnlyList<KeycloakRole>>())
            : new KeycloakRoles(
                [.. ListOf(realm.Roles.Realm).Select(Normalize)],
                DictionaryOf(realm.Roles.Client, roles => (IReadOnlyList<KeycloakRole>)[.. ListOf(roles).Select(Normalize)])),
        Clients = [.. ListOf(realm.Clients).Select(Normalize)],
        Users = [.. ListOf(realm.Users).Select(Normalize)],
    };

    private static KeycloakRole Normalize(KeycloakRole role) =>
        role with { Name = Required(role.Name, "A role has no name.") };

    private static KeycloakClient Normalize(KeycloakClient client) => client with
    {
        ClientId = Required(client.ClientId, "A client has no clientId."),
        RedirectUris = ListOf(client.RedirectUris),
        WebOrigins = ListOf(client.WebOrigins),
        Attributes = DictionaryOf(client.Attributes, value => value),
        DefaultClientScopes = ListOf(client.DefaultClientScopes),
        ProtocolMappers = [.. ListOf(client.ProtocolMappers).Select(mapper => mapper with
        {
            Name = Required(mapper.Name, $"A protocol mapper of client '{client.ClientId}' has no name."),
            ProtocolMapper = Required(mapper.ProtocolMapper, $"Protocol mapper '{mapper.Name}' of client '{client.ClientId}' has no protocolMapper."),
            Config = DictionaryOf(mapper.Config, value => value),
        })],
    };

    private static KeycloakUser Normalize(KeycloakUser user)
    {
        var username = Required(user.Username, "A user has no username.");
        List<KeycloakCredential> credentials = [.. ListOf(user.Credentials).Select(credential => credential with
        {
            Type = Required(credential.Type, $"A credential of user '{username}' has no type."),
        })];
        return user with
        {
            Username = username,
            Attributes = DictionaryOf(user.Attributes, values => (IReadOnlyList<string>)ListOf(values)),
            Credentials = credentials,
            Password = credentials.Select(credential => StoredPassword.Of(credential, username)).FirstOrDefault(password => password is not null),
            RealmRoles = ListOf(user.RealmRoles),
            ClientRoles = DictionaryOf(user.ClientRoles, roles => (IReadOnlyList<string>)ListOf(roles)),
        };
    }

    private static string Required(string? value, string error) =>
        string.IsNullOrWhiteSpace(value) ? throw new RealmFileException(error) : value;

    private static int OrKeycloakDefault(int value, int keycloakDefault) => value > 0 ? value : keycloakDefault;

    private static List<T> ListOf<T>(IReadOnlyList<T?>? items)
        where T : class =>
        items?.OfType<T>().ToList() ?? [];

    private static Dictionary<string, TValue> DictionaryOf<TSource, TValue>(
        IReadOnlyDictionary<string, TSource>? items, Func<TSource, TValue> convert)
        where TSource : class =>
        items?.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => convert(pair.Value), StringComparer.Ordinal)
        ?? [];
}

/// <summary>A users file of a realm export (<c>&lt;realm&gt;-users-&lt;n&gt;.json</c>).</summary>
internal sealed record KeycloakUsersFile(string Realm, IReadOnlyList<KeycloakUser?>? Users);
