using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace HanoiEgov.Platform.Tests.Support;

/// <summary>
/// Calls the platform API as the realm's demo users with real tokens (one sign-in per user): upload documents,
/// submit a residence dossier, take actions.
/// </summary>
internal sealed class DemoUserCalls(LocalServersFixture servers, HttpClient client)
{
    private readonly Dictionary<string, string> tokens = [];

    public async Task<HttpResponseMessage> SendAsync(string user, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>GETs <paramref name="path"/> as <paramref name="user"/> and fails the test, with the answer, unless it is 200.</summary>
    public async Task<HttpResponseMessage> GetOkAsync(string user, string path)
    {
        var response = await SendAsync(user, HttpMethod.Get, path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>GETs <paramref name="path"/> as <paramref name="user"/>, fails the test unless it is 200, and reads the answer as <typeparamref name="T"/>.</summary>
    public async Task<T> GetOkAsync<T>(string user, string path)
    {
        using var response = await GetOkAsync(user, path);
        return await response.ReadAsync<T>();
    }

    /// <summary>Submits permanent residence (1.004222) online with both required documents; returns the created dossier.</summary>
    public async Task<Dossier> SubmitResidenceAsync(string citizen, string agency)
    {
        object[] documents =
        [
            new { documentCode = "to-khai-ct01", attachmentId = await UploadAsync(citizen, "to-khai-ct01.pdf", "%PDF-1.4 tờ khai CT01"u8.ToArray()) },
            new { documentCode = "chung-minh-cho-o", attachmentId = await UploadAsync(citizen, "so-do.pdf", "%PDF-1.4 chứng minh chỗ ở"u8.ToArray()) },
        ];
        using var response = await SendAsync(citizen, HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency, documents });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<Dossier>();
    }

    /// <summary>Registers a birth (1.001193, same day) at the clerk's counter with its three scanned documents; returns the created dossier.</summary>
    public async Task<Dossier> RegisterBirthAtCounterAsync(string clerk, string applicantId = "001302012347", string applicantName = "Lê Minh Châu")
    {
        object[] documents =
        [
            new { documentCode = "to-khai", attachmentId = await UploadAsync(clerk, "to-khai.pdf", "%PDF-1.4 tờ khai"u8.ToArray()) },
            new { documentCode = "giay-chung-sinh", attachmentId = await UploadAsync(clerk, "chung-sinh.pdf", "%PDF-1.4 chứng sinh"u8.ToArray()) },
            new { documentCode = "giay-to-tuy-than", attachmentId = await UploadAsync(clerk, "cccd.pdf", "%PDF-1.4 CCCD"u8.ToArray()) },
        ];
        using var response = await SendAsync(clerk, HttpMethod.Post, "/api/dossiers/counter", new { procedureCode = "1.001193", applicantId, applicantName, documents });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<Dossier>();
    }

    public async Task<Dossier> ActAsync(string user, string id, string action, int expectedVersion, string? reason = null, DateTimeOffset? newDueAt = null)
    {
        using var response = await SendAsync(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action, expectedVersion, reason, newDueAt });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{user} {action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<Dossier>();
    }

    /// <summary>
    /// The commune's officials decide a received dossier: processed, approved, its result uploaded and signed by the
    /// head, the signature confirmed on the VNPT sandbox's phone.
    /// </summary>
    public async Task ApproveWithSignedResultAsync(string dossierId, int version, HttpClient vnptSandbox)
    {
        await ActAsync("official.badinh", dossierId, "StartProcessing", version);
        await ActAsync("head.badinh", dossierId, "Approve", version + 1);
        var file = new ByteArrayContent("%PDF-1.7\n% Giấy khai sinh\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", "giay-khai-sinh.pdf" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{dossierId}/results") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("official.badinh"));
        using var uploaded = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var result = await uploaded.ReadAsync<ResultView>();
        using var signing = await SendAsync("head.badinh", HttpMethod.Post, $"/api/dossiers/{dossierId}/results/{result.Id}/signing");
        Assert.Equal(HttpStatusCode.Accepted, signing.StatusCode);
        using (var confirm = await vnptSandbox.PostAsync($"vnpt/sandbox/phone/transactions/{(await signing.ReadAsync<SigningView>()).TransactionId}/confirm", null, TestContext.Current.CancellationToken))
        {
            confirm.EnsureSuccessStatusCode();
        }

        Assert.Equal("Completed", (await GetOkAsync<SigningView>("head.badinh", $"/api/dossiers/{dossierId}/results/{result.Id}/signing")).Status);
    }

    /// <summary>Uploads a PDF for a later submission; returns its attachment id.</summary>
    public async Task<string> UploadAsync(string user, string name, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", name } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachments") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<Attachment>()).Id;
    }

    private async Task<string> TokenAsync(string user)
    {
        if (!tokens.TryGetValue(user, out var token))
        {
            var portal = user.Split('.')[0] is "clerk" or "head" or "admin" ? "officials-portal" : "citizen-portal";
            token = tokens[user] = (await servers.Tokens.SignInAsync(user, portal)).GetProperty("access_token").GetString()!;
        }

        return token;
    }
}
