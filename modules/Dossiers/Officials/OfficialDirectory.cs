using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using HanoiEgov.ServiceDefaults.Authentication;
using HanoiEgov.Vendors;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace HanoiEgov.Modules.Dossiers.Officials;

/// <summary>What the realm's directory answered, or why it could not be asked (<see cref="Unavailable"/>).</summary>
internal sealed record DirectoryAnswer<T>(T? Value, string? Unavailable)
    where T : class
{
    public static DirectoryAnswer<T> Of(T? value) => new(value, null);

    public static DirectoryAnswer<T> Down(string why) => new(null, why);
}

/// <summary>The people of the realm the back office assigns work to: who the officials of an agency are, and who a user id is.</summary>
internal interface IOfficialDirectory
{
    /// <summary>The enabled users with realm role <c>official</c> whose <c>agency</c> attribute is <paramref name="agency"/>, by name.</summary>
    Task<DirectoryAnswer<IReadOnlyList<Official>>> OfAgencyAsync(string agency, CancellationToken cancellationToken);

    /// <summary>The enabled user with this id, whatever their roles; a null value when the realm has none.</summary>
    Task<DirectoryAnswer<Official>> FindAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>
/// The directory is the realm itself, read through Keycloak's Admin REST API (<c>/admin/realms/{realm}/users</c>) as
/// the platform's own client <c>platform-api</c>, by client credentials; its service account holds only
/// <c>realm-management</c>'s <c>view-users</c> and <c>query-users</c>. The development identity server answers the same
/// paths (ADR 0009). An agency's list is kept for a minute; one user is always asked afresh, so an assignment is
/// checked against the realm as it is.
/// </summary>
internal sealed partial class KeycloakOfficialDirectory(
    IHttpClientFactory httpClients, KeycloakSettings keycloak, TimeProvider clock, IMemoryCache cache, ILogger<KeycloakOfficialDirectory> logger) : IOfficialDirectory, IDisposable
{
    public const string HttpClientName = "realm-directory";

    /// <summary>The most users one agency's search reads; the directory refuses to guess beyond it.</summary>
    private const int MaxUsersPerAgency = 1000;

    private static readonly TimeSpan ListLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan TokenMargin = TimeSpan.FromSeconds(30);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly CompareInfo Vietnamese = CultureInfo.GetCultureInfo("vi-VN").CompareInfo;

    private static readonly string[] PlatformRoleNames =
        [PlatformRoles.Citizen, PlatformRoles.Official, PlatformRoles.OneStopClerk, PlatformRoles.Head, PlatformRoles.PlatformAdmin];

    private readonly SemaphoreSlim tokenLock = new(1, 1);
    private (string Value, DateTimeOffset Until)? token;

    public void Dispose() => tokenLock.Dispose();

    public async Task<DirectoryAnswer<IReadOnlyList<Official>>> OfAgencyAsync(string agency, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue((nameof(OfAgencyAsync), agency), out IReadOnlyList<Official>? known))
        {
            return DirectoryAnswer<IReadOnlyList<Official>>.Of(known);
        }

        try
        {
            var query = $"users?q={Uri.EscapeDataString($"agency:{agency}")}&briefRepresentation=false&first=0&max={MaxUsersPerAgency}";
            var users = await GetAsync<List<UserRepresentation>>(query, cancellationToken) ?? [];
            var people = await Task.WhenAll(users.Where(user => user.Enabled && user.Attribute("agency") == agency).Select(user => DescribeAsync(user, cancellationToken)));
            IReadOnlyList<Official> officials =
            [
                .. people.Where(person => person.Roles.Contains(PlatformRoles.Official))
                    .Order(Comparer<Official>.Create((a, b) => Vietnamese.Compare(a.Name, b.Name, CompareOptions.IgnoreCase))),
            ];
            cache.Set((nameof(OfAgencyAsync), agency), officials, ListLifetime);
            return DirectoryAnswer<IReadOnlyList<Official>>.Of(officials);
        }
        catch (Exception exception) when (Unreachable(exception, cancellationToken) is { } why)
        {
            return DirectoryAnswer<IReadOnlyList<Official>>.Down(why);
        }
    }

    public async Task<DirectoryAnswer<Official>> FindAsync(string userId, CancellationToken cancellationToken)
    {
        try
        {
            var user = await GetAsync<UserRepresentation>($"users/{Uri.EscapeDataString(userId)}", cancellationToken);
            return DirectoryAnswer<Official>.Of(user is { Enabled: true } ? await DescribeAsync(user, cancellationToken) : null);
        }
        catch (Exception exception) when (Unreachable(exception, cancellationToken) is { } why)
        {
            return DirectoryAnswer<Official>.Down(why);
        }
    }

    private async Task<Official> DescribeAsync(UserRepresentation user, CancellationToken cancellationToken)
    {
        // The user's effective realm roles, composites included (Keycloak adds its default roles; only the platform's count).
        var roles = await GetAsync<List<RoleRepresentation>>($"users/{Uri.EscapeDataString(user.Id)}/role-mappings/realm/composite", cancellationToken) ?? [];
        var name = $"{user.FirstName} {user.LastName}".Trim();
        return new Official(
            user.Id, user.Username, name.Length > 0 ? name : user.Username, user.Attribute("agency"),
            [.. PlatformRoleNames.Where(role => roles.Any(held => held.Name == role))]);
    }

    /// <summary>The admin API's answer at <paramref name="path"/>; null for 404 (no such user).</summary>
    private async Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken)
        where T : class
    {
        using var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{keycloak.AuthServerUrl.AbsoluteUri.TrimEnd('/')}/admin/realms/{Uri.EscapeDataString(keycloak.Realm)}/{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(http, cancellationToken));
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            // A token the realm no longer takes, or a service account without view-users: ask for a new token next time.
            token = null;
            throw new DirectoryRefusedException($"The realm's admin API refused the platform's service account ({(int)response.StatusCode}); it needs realm-management's view-users and query-users.");
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    /// <summary>An access token of <c>platform-api</c>'s service account, by client credentials, kept until shortly before it expires.</summary>
    private async Task<string> TokenAsync(HttpClient http, CancellationToken cancellationToken)
    {
        await tokenLock.WaitAsync(cancellationToken);
        try
        {
            if (token is { } held && held.Until > clock.GetUtcNow())
            {
                return held.Value;
            }

            if (string.IsNullOrEmpty(keycloak.Secret))
            {
                throw new DirectoryRefusedException($"The platform has no client secret ({KeycloakSettings.Section}:credentials:secret) to read the realm's directory with.");
            }

            using var response = await http.PostAsync(
                $"{keycloak.Issuer}/protocol/openid-connect/token",
                new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = keycloak.Resource,
                    ["client_secret"] = keycloak.Secret,
                }),
                cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new DirectoryRefusedException($"The realm gave client {keycloak.Resource} no token ({(int)response.StatusCode}); its service account must be enabled.");
            }

            var issued = await response.Content.ReadFromJsonAsync<TokenResponse>(Json, cancellationToken)
                ?? throw new DirectoryRefusedException("The realm's token endpoint answered no token.");
            token = (issued.AccessToken, clock.GetUtcNow() + TimeSpan.FromSeconds(issued.ExpiresIn) - TokenMargin);
            return issued.AccessToken;
        }
        finally
        {
            tokenLock.Release();
        }
    }

    /// <summary>Why the directory could not be read, for the exceptions that mean "try again later"; null for a programming error.</summary>
    private string? Unreachable(Exception exception, CancellationToken cancellationToken)
    {
        var why = exception switch
        {
            DirectoryRefusedException or JsonException => exception.Message,
            _ when VendorFailure.FromException(exception, cancellationToken) is not null => $"The realm's directory cannot be reached: {exception.Message}",
            _ => null,
        };
        if (why is not null)
        {
            LogUnavailable(why);
        }

        return why;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The realm's directory of officials is unavailable: {Reason}")]
    private partial void LogUnavailable(string reason);

    private sealed class DirectoryRefusedException(string message) : Exception(message);

    private sealed record TokenResponse([property: JsonPropertyName("access_token")] string AccessToken, [property: JsonPropertyName("expires_in")] int ExpiresIn);

    /// <summary>Keycloak's UserRepresentation, the part the directory reads.</summary>
    private sealed record UserRepresentation(
        string Id, string Username, string? FirstName, string? LastName, bool Enabled, Dictionary<string, List<string>>? Attributes)
    {
        public string? Attribute(string name) => Attributes?.GetValueOrDefault(name) is [var first, ..] ? first : null;
    }

    /// <summary>Keycloak's RoleRepresentation, the part the directory reads.</summary>
    private sealed record RoleRepresentation(string Name);
}
