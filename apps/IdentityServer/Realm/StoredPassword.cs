using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HanoiEgov.IdentityServer.Realm;

/// <summary>
/// A user's password credential as Keycloak keeps it: a PBKDF2 hash (<c>secretData</c> with <c>value</c> and <c>salt</c>,
/// <c>credentialData</c> with <c>algorithm</c> and <c>hashIterations</c>), or a plain <c>value</c>, which Keycloak's import
/// hashes. Either is compared in constant time.
/// </summary>
internal abstract record StoredPassword
{
    /// <summary>What a login for an unknown user is checked against, so it costs as much as a known one.</summary>
    public static readonly StoredPassword Nobody = new HashedPassword(
        HashAlgorithmName.SHA512, 210_000, RandomNumberGenerator.GetBytes(16), RandomNumberGenerator.GetBytes(64));

    public abstract bool Matches(string given);

    /// <summary>The password credential of a user of the realm file, or null when the user has none.</summary>
    public static StoredPassword? Of(KeycloakCredential credential, string username)
    {
        if (!string.Equals(credential.Type, "password", StringComparison.Ordinal))
        {
            return null;
        }

        if (credential.SecretData is null)
        {
            return credential.Value is { } value
                ? new PlainPassword(value)
                : throw new RealmFileException($"The password of user '{username}' has neither a value nor secretData.");
        }

        try
        {
            using var secret = Document(credential.SecretData.Value);
            using var data = Document(credential.CredentialData ?? throw new RealmFileException($"The password of user '{username}' has secretData but no credentialData."));
            var algorithm = data.RootElement.GetProperty("algorithm").GetString() switch
            {
                "pbkdf2-sha512" => HashAlgorithmName.SHA512,
                "pbkdf2-sha256" => HashAlgorithmName.SHA256,
                var other => throw new RealmFileException(
                    $"The password of user '{username}' is hashed with '{other}'; this server reads pbkdf2-sha512 and pbkdf2-sha256."),
            };
            var iterations = data.RootElement.GetProperty("hashIterations").GetInt32();
            var salt = Convert.FromBase64String(secret.RootElement.GetProperty("salt").GetString()!);
            var hash = Convert.FromBase64String(secret.RootElement.GetProperty("value").GetString()!);
            return iterations > 0 && hash.Length > 0
                ? new HashedPassword(algorithm, iterations, salt, hash)
                : throw new RealmFileException($"The password hash of user '{username}' has no iterations or no value.");
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            throw new RealmFileException($"The password of user '{username}' is not in Keycloak's hashed form: {error.Message}");
        }
    }

    // Keycloak's export writes both as JSON text inside a string; an object is read as well.
    private static JsonDocument Document(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? JsonDocument.Parse(element.GetString()!) : JsonDocument.Parse(element.GetRawText());
}

/// <summary>Keycloak's PBKDF2 hash; the derived key is as long as the stored one.</summary>
internal sealed record HashedPassword(HashAlgorithmName Algorithm, int Iterations, byte[] Salt, byte[] Hash) : StoredPassword
{
    public override bool Matches(string given) =>
        CryptographicOperations.FixedTimeEquals(Rfc2898DeriveBytes.Pbkdf2(given, Salt, Iterations, Algorithm, Hash.Length), Hash);
}

/// <summary>A plain value, compared through SHA-256 digests so that neither its content nor its length shows in the time taken.</summary>
internal sealed record PlainPassword(string Value) : StoredPassword
{
    public override bool Matches(string given) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(Value)));
}
