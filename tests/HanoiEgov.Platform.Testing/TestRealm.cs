using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>The values the AppHost would give the realm file's placeholders, fixed for tests.</summary>
internal static class TestRealm
{
    public const string Realm = "hanoi";
    public const string DemoPassword = "Demo@2026";

    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>
    {
        ["CITIZEN_PORTAL_SECRET"] = "citizen-portal-test-secret",
        ["CITIZEN_PORTAL_URL"] = "http://localhost:5101",
        ["OFFICIALS_PORTAL_SECRET"] = "officials-portal-test-secret",
        ["OFFICIALS_PORTAL_URL"] = "http://localhost:5102",
        ["PLATFORM_API_SECRET"] = "platform-api-test-secret",
        ["VENDOR_VIETTEL_SECRET"] = "vendor-viettel-test-secret",
        ["VENDOR_VNPT_SECRET"] = "vendor-vnpt-test-secret",
        ["VENDOR_FPT_SECRET"] = "vendor-fpt-test-secret",
    };

    public static string SecretOf(string clientId) => Variables[clientId.Replace('-', '_').ToUpperInvariant() + "_SECRET"];

    public static string RealmFile => Path.Combine(RepositoryRoot, "AppHost", "Realms", "hanoi-realm.json");

    /// <summary>The demo users, which the AppHost imports in Development only.</summary>
    public static string DemoUsersFile => Path.Combine(RepositoryRoot, "AppHost", "Realms", "dev", "hanoi-users-0.json");

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HanoiEgov.Platform.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("The repository root was not found above the test output.");
        }
    }
}

/// <summary>
/// The Keycloak-compatible identity server on a real port, so browsers and JwtBearer reach it over HTTP; the realm's
/// placeholders take <see cref="TestRealm.Variables"/> unless <paramref name="variables"/> names them (the benchmark
/// gives the addresses where it starts the portals). <paramref name="settings"/> override the server's configuration
/// (a test's own realm file or rate limit); <paramref name="clock"/> replaces its clock.
/// </summary>
internal sealed class IdentityServerFactory(
    string databaseConnectionString, int port, IReadOnlyDictionary<string, string>? variables = null,
    IReadOnlyDictionary<string, string>? settings = null, TimeProvider? clock = null)
    : WebApplicationFactory<HanoiEgov.IdentityServer.RealmPaths>
{
    public Uri BaseAddress { get; } = new($"http://localhost:{port}");

    public string Issuer => $"{BaseAddress.AbsoluteUri.TrimEnd('/')}/realms/{TestRealm.Realm}";

    public void Start()
    {
        UseKestrel(port);
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:identity-db", databaseConnectionString);
        builder.UseSetting("Realm:File", TestRealm.RealmFile);
        builder.UseSetting("Realm:UsersFile", TestRealm.DemoUsersFile);
        // Every test signs in from this machine's address; the test of the limit sets its own.
        builder.UseSetting("LoginRateLimit:PermitLimit", "100000");
        builder.UseSetting("Realm:PublicUrl", BaseAddress.AbsoluteUri.TrimEnd('/'));
        foreach (var (name, value) in TestRealm.Variables)
        {
            builder.UseSetting(name, variables?.GetValueOrDefault(name) ?? value);
        }

        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(name, value);
        }

        if (clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}

/// <summary>Gets real tokens from the realm the way clients do: client credentials, or the code flow with PKCE.</summary>
internal sealed partial class RealmTokens(string issuer)
{
    public string TokenEndpoint => $"{issuer}/protocol/openid-connect/token";

    public async Task<string> ClientCredentialsAsync(string clientId, string? secret = null)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret ?? TestRealm.SecretOf(clientId),
        }));
        return await AccessTokenOf(response);
    }

    /// <summary>Signs a demo user in at the login page and redeems the code, as a portal would.</summary>
    public async Task<JsonElement> SignInAsync(
        string username, string clientId = "officials-portal", string password = TestRealm.DemoPassword, string? redirectUri = null, string? secret = null)
    {
        using var browser = Browser();
        var grant = await AuthorizeAsync(browser, username, clientId, password, redirectUri);
        using var exchanged = await RedeemAsync(grant, secret: secret);
        exchanged.EnsureSuccessStatusCode();
        return await exchanged.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>An HTTP client that keeps cookies and does not follow redirects, like a browser seen step by step.</summary>
    public static HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

    public string AuthorizeUrl(string clientId, string redirectUri, string? challenge) =>
        $"{issuer}/protocol/openid-connect/auth?client_id={clientId}&redirect_uri={Uri.EscapeDataString(redirectUri)}"
        + "&response_type=code&scope=openid%20profile%20email&state=s1"
        + (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method=S256");

    public static string RedirectUriOf(string clientId) => $"{TestRealm.Variables[clientId.Replace('-', '_').ToUpperInvariant() + "_URL"]}/signin-oidc";

    /// <summary>Runs the authorization request through the login page and returns the code the client is given.</summary>
    public async Task<CodeGrant> AuthorizeAsync(
        HttpClient browser, string username, string clientId = "officials-portal", string password = TestRealm.DemoPassword, string? redirectUri = null)
    {
        redirectUri ??= RedirectUriOf(clientId);
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var login = await FollowAsync(browser, AuthorizeUrl(clientId, redirectUri, challenge));
        var page = await browser.GetStringAsync(login);
        using var posted = await PostLoginAsync(browser, login, page, username, password);
        if (posted.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Login as {username} failed: {(int)posted.StatusCode}");
        }

        var callback = await FollowAsync(browser, new Uri(login, posted.Headers.Location!).AbsoluteUri, stopAt: redirectUri);
        var code = System.Web.HttpUtility.ParseQueryString(callback.Query)["code"] ?? throw new InvalidOperationException($"No code in {callback}");
        return new CodeGrant(clientId, code, verifier, redirectUri);
    }

    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient browser, Uri login, string page, string username, string password)
    {
        var form = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken().Match(page).Groups[1].Value,
            ["return_url"] = WebUtility.HtmlDecode(ReturnUrl().Match(page).Groups[1].Value),
            ["username"] = username,
            ["password"] = password,
        };
        return await browser.PostAsync(new Uri(login, WebUtility.HtmlDecode(LoginAction().Match(page).Groups[1].Value)), new FormUrlEncodedContent(form));
    }

    public async Task<HttpResponseMessage> RedeemAsync(CodeGrant grant, bool withVerifier = true, string? secret = null)
    {
        using var http = new HttpClient();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = grant.ClientId,
            ["client_secret"] = secret ?? TestRealm.SecretOf(grant.ClientId),
            ["code"] = grant.Code,
            ["redirect_uri"] = grant.RedirectUri,
        };
        if (withVerifier)
        {
            form["code_verifier"] = grant.Verifier;
        }

        return await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(form));
    }

    public async Task<HttpResponseMessage> RefreshAsync(string clientId, string refreshToken)
    {
        using var http = new HttpClient();
        return await http.PostAsync(TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = clientId,
            ["client_secret"] = TestRealm.SecretOf(clientId),
            ["refresh_token"] = refreshToken,
        }));
    }

    /// <summary>Logs the browser's session out as a person does at Keycloak: the confirmation page, then its form.</summary>
    public async Task<HttpResponseMessage> LogoutAsync(HttpClient browser)
    {
        var logout = $"{issuer}/protocol/openid-connect/logout";
        var page = await browser.GetStringAsync(logout);
        var form = HiddenInput().Matches(page).ToDictionary(match => WebUtility.HtmlDecode(match.Groups[1].Value), match => WebUtility.HtmlDecode(match.Groups[2].Value));
        return await browser.PostAsync(logout, new FormUrlEncodedContent(form));
    }

    public static async Task<Uri> FollowAsync(HttpClient http, string start) => await FollowAsync(http, start, stopAt: null);

    private static async Task<Uri> FollowAsync(HttpClient http, string start, string? stopAt)
    {
        var next = new Uri(start);
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await http.GetAsync(next);
            if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
            {
                return stopAt is null ? next : throw new InvalidOperationException($"Stopped at {next} with {(int)response.StatusCode}");
            }

            next = new Uri(next, response.Headers.Location!);
            if (stopAt is not null && next.AbsoluteUri.StartsWith(stopAt, StringComparison.Ordinal))
            {
                return next;
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private static async Task<string> AccessTokenOf(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Token request failed: {(int)response.StatusCode} {body}");
        }

        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("name=\"return_url\" value=\"([^\"]+)\"")]
    private static partial Regex ReturnUrl();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("id=\"kc-form-login\" method=\"post\" action=\"([^\"]+)\"")]
    private static partial Regex LoginAction();
}

/// <summary>What a client holds between the authorization response and the token request.</summary>
internal sealed record CodeGrant(string ClientId, string Code, string Verifier, string RedirectUri);
