using Microsoft.Extensions.Configuration;

namespace HanoiEgov.ServiceDefaults.Authentication;

/// <summary>
/// The <c>Keycloak</c> configuration section, in the shape Keycloak's own adapters read
/// (<c>realm</c>, <c>auth-server-url</c>, <c>resource</c>, <c>ssl-required</c>, <c>verify-token-audience</c>,
/// <c>credentials:secret</c>), so that swapping in a Keycloak client library is a local change.
/// </summary>
public sealed record KeycloakSettings(
    string Realm,
    Uri AuthServerUrl,
    string Resource,
    string SslRequired,
    bool VerifyTokenAudience,
    string? Secret)
{
    public const string Section = "Keycloak";

    /// <summary>The realm's issuer, exactly as Keycloak writes it into <c>iss</c>: no trailing slash.</summary>
    public string Issuer => $"{AuthServerUrl.AbsoluteUri.TrimEnd('/')}/realms/{Realm}";

    /// <summary>HTTPS is required unless the realm says "none", or says "external" and the server is local.</summary>
    public bool RequireHttpsMetadata => SslRequired switch
    {
        "none" => false,
        "external" => !AuthServerUrl.IsLoopback,
        _ => true,
    };

    public static KeycloakSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        string Required(string key) => section[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Configuration '{Section}:{key}' is missing; the AppHost sets it for every service.");

        return new KeycloakSettings(
            Required("realm"),
            new Uri(Required("auth-server-url"), UriKind.Absolute),
            Required("resource"),
            section["ssl-required"] ?? "external",
            !bool.TryParse(section["verify-token-audience"], out var verify) || verify,
            section["credentials:secret"]);
    }
}
