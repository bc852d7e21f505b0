using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>Submissions and uploads are limited per signed-in user: a script hammering the platform is slowed, nobody else is.</summary>
[Trait("Category", "Integration")]
public sealed class DossierRateLimitTests(LocalServersFixture servers) : HostedPlatformTests(servers, "limits")
{
    private const int Submissions = 2;
    private const int Uploads = 6;

    private DemoUserCalls? calls;

    private DemoUserCalls Calls => calls ??= new DemoUserCalls(Servers, Client);

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["Dossiers:Submissions:PerUserPer10Minutes"] = $"{Submissions}",
            ["Dossiers:Uploads:PerUserPer10Minutes"] = $"{Uploads}",
        });

    [Fact]
    public async Task A_citizen_past_the_submission_limit_gets_429_with_Retry_After_and_nothing_is_stored_while_another_citizen_still_submits()
    {
        for (var submitted = 0; submitted < Submissions; submitted++)
        {
            await Calls.SubmitResidenceAsync("nguyen.van.an", "00004");
        }

        object[] documents =
        [
            new { documentCode = "to-khai-ct01", attachmentId = await Calls.UploadAsync("nguyen.van.an", "to-khai.pdf", "%PDF-1.4 tờ khai"u8.ToArray()) },
            new { documentCode = "chung-minh-cho-o", attachmentId = await Calls.UploadAsync("nguyen.van.an", "so-do.pdf", "%PDF-1.4 sổ đỏ"u8.ToArray()) },
        ];
        using var refused = await Calls.SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents });
        var other = await Calls.SubmitResidenceAsync("tran.thi.binh", "00004");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var wait = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Assert.Equal("Too many submissions.", (await refused.ReadAsync<Problem>()).Title);
        Assert.Equal(Submissions, (await Calls.GetOkAsync<Dossier[]>("nguyen.van.an", "/api/dossiers")).Length);
        Assert.NotNull(other.Code);
    }

    [Fact]
    public async Task Uploads_past_the_limit_are_429_naming_the_file_field()
    {
        for (var uploaded = 0; uploaded < Uploads; uploaded++)
        {
            await Calls.UploadAsync("le.minh.chau", $"scan-{uploaded}.pdf", "%PDF-1.4 scan"u8.ToArray());
        }

        var file = new ByteArrayContent("%PDF-1.4 one too many"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var form = new MultipartFormDataContent { { file, "file", "scan.pdf" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachments") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await Servers.Tokens.SignInAsync("le.minh.chau", "citizen-portal")).GetProperty("access_token").GetString());
        using var refused = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        var otherUpload = await Calls.UploadAsync("nguyen.van.an", "to-khai.pdf", "%PDF-1.4 tờ khai"u8.ToArray());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Equal("file", (await refused.ReadAsync<Problem>()).Field);
        Assert.NotEmpty(otherUpload);
    }
}
