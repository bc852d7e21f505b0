using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using HanoiEgov.Platform.Tests.AppHost;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Portals;

/// <summary>
/// What the other side does while a citizen uses the portal: officials act on the dossier through the platform API
/// of the whole AppHost, with real tokens from its realm (the code flow of the officials' portal client).
/// </summary>
internal sealed class WholePlatformCalls(WholePlatformFixture platform) : IDisposable
{
    private readonly Dictionary<string, string> tokens = [];
    private readonly HttpClient http = new() { BaseAddress = platform.App.GetEndpoint("platform", "http") };

    public string Issuer => $"{platform.App.GetEndpoint("identity", "http").AbsoluteUri.TrimEnd('/')}/realms/hanoi";

    public Uri Sandbox => platform.App.GetEndpoint("vendor-sandbox", "http");

    /// <summary>Sends the request, fails the test unless the platform answers <paramref name="expected"/>, and reads the answer as <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(string user, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await ExpectAsync(user, method, path, body, expected);
        return await response.ReadAsync<T>();
    }

    /// <summary>Sends the request and fails the test unless the platform answers <paramref name="expected"/>.</summary>
    public async Task SendAsync(string user, HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await ExpectAsync(user, method, path, body, expected);
    }

    private async Task<HttpResponseMessage> ExpectAsync(string user, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"{user} {method} {path}: {(int)response.StatusCode} {text}");
        return response;
    }

    /// <summary>The status the platform answers, whatever it is.</summary>
    public async Task<HttpStatusCode> TrySendAsync(string user, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    public Task<Dossier> DossierAsync(string user, string id) => SendAsync<Dossier>(user, HttpMethod.Get, $"/api/dossiers/{id}");

    public async Task<Dossier> ActAsync(string user, string id, string action, string? reason = null)
    {
        var dossier = await DossierAsync(user, id);
        return await SendAsync<Dossier>(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action, expectedVersion = dossier.Version, reason });
    }

    public async Task<string> UploadAsync(string user, string path, string name, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", name } };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return path.EndsWith("/results", StringComparison.Ordinal) ? (await response.ReadAsync<ResultView>()).Id : (await response.ReadAsync<Attachment>()).Id;
    }

    private async Task<string> TokenAsync(string user)
    {
        if (!tokens.TryGetValue(user, out var token))
        {
            var client = user.Split('.')[0] is "clerk" or "head" or "admin" ? "officials-portal" : "citizen-portal";
            var secret = await platform.Builder.Resources.OfType<ParameterResource>().Single(parameter => parameter.Name == $"{client}-secret")
                .GetValueAsync(TestContext.Current.CancellationToken);
            var redirect = $"{platform.App.GetEndpoint(client, "http").AbsoluteUri.TrimEnd('/')}/signin-oidc";
            var signedIn = await new RealmTokens(Issuer).SignInAsync(user, client, redirectUri: redirect, secret: secret);
            token = tokens[user] = signedIn.GetProperty("access_token").GetString()!;
        }

        return token;
    }

    public void Dispose() => http.Dispose();
}
