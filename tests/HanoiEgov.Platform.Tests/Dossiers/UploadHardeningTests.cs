using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Uploads through the API are what they claim to be, and one user's unsubmitted uploads are bounded. Real tokens, real PostgreSQL.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UploadHardeningTests(LocalServersFixture servers) : HostedPlatformTests(servers, "uploads")
{
    private const string Citizen = "nguyen.van.an";
    private const int MaxStagedFiles = 3;
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D];
    private readonly Dictionary<string, string> tokens = [];

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() => Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
    {
        ["Dossiers:Uploads:MaxStagedFiles"] = MaxStagedFiles.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Dossiers:Uploads:MaxStagedMegabytes"] = "2",
    });

    [Theory]
    [InlineData("application/pdf", "MZ\u0090\0\u0003\0\0\0\u0004\0\0\0This program cannot be run in DOS mode.")]
    [InlineData("application/pdf", "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")]
    [InlineData("image/png", "<html><img src=x onerror=alert(1)></html>")]
    [InlineData("image/jpeg", "%PDF-1.4 a PDF under a JPEG's name")]
    public async Task A_file_whose_bytes_are_not_of_its_declared_type_is_refused_naming_the_file(string type, string content)
    {
        using var response = await UploadAsync(Citizen, "giay-to.pdf", type, System.Text.Encoding.Latin1.GetBytes(content));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("file", problem.Field);
        Assert.Contains("does not begin as such files do", problem.Errors!["file"][0], StringComparison.Ordinal);
        Assert.Equal(0, await StagedAsync());
    }

    [Fact]
    public async Task A_PDF_a_JPEG_and_a_PNG_that_begin_as_such_files_do_are_staged()
    {
        using var pdf = await UploadAsync(Citizen, "to-khai.pdf", "application/pdf", "%PDF-1.7\n%âãÏÓ"u8.ToArray());
        using var jpeg = await UploadAsync(Citizen, "anh.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]);
        using var png = await UploadAsync(Citizen, "anh.png", "image/png", Png);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], new[] { pdf.StatusCode, jpeg.StatusCode, png.StatusCode });
        Assert.Equal(3, await StagedAsync());
    }

    [Fact]
    public async Task Uploads_beyond_the_users_quota_of_unsubmitted_files_are_refused_with_a_Vietnamese_explanation_and_others_are_not_affected()
    {
        for (var file = 1; file <= MaxStagedFiles; file++)
        {
            using var staged = await UploadAsync(Citizen, $"giay-to-{file}.pdf", "application/pdf", "%PDF-1.4 giấy tờ"u8.ToArray());
            Assert.Equal(HttpStatusCode.Created, staged.StatusCode);
        }

        using var oneTooMany = await UploadAsync(Citizen, "them.pdf", "application/pdf", "%PDF-1.4 thêm"u8.ToArray());
        using var another = await UploadAsync("tran.thi.binh", "cua-binh.pdf", "application/pdf", "%PDF-1.4 của Bình"u8.ToArray());

        Assert.Equal(HttpStatusCode.Conflict, oneTooMany.StatusCode);
        var problem = await ProblemAsync(oneTooMany);
        Assert.Equal("file", problem.Field);
        Assert.Contains("chưa nộp", problem.Detail, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, another.StatusCode);
        Assert.Equal(MaxStagedFiles, await StagedAsync());
    }

    [Fact]
    public async Task Uploads_beyond_the_users_quota_of_unsubmitted_megabytes_are_refused()
    {
        byte[] large = [.. "%PDF-1.4\n"u8, .. new byte[1024 * 1024]];
        using var first = await UploadAsync(Citizen, "lon-1.pdf", "application/pdf", large);
        using var second = await UploadAsync(Citizen, "lon-2.pdf", "application/pdf", large);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("file", (await ProblemAsync(second)).Field);
        Assert.Equal(1, await StagedAsync());
    }

    private async Task<long> StagedAsync(string owner = "001090012345")
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM dossiers.staged_attachments WHERE owner_id = @owner", connection);
        count.Parameters.AddWithValue("owner", owner);
        return (long)(await count.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    private static async Task<Problem> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.ReadAsync<Problem>();
    }

    private async Task<HttpResponseMessage> UploadAsync(string user, string name, string type, byte[] content)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        using var form = new MultipartFormDataContent { { file, "file", name } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachments") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(user));
        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task<string> TokenAsync(string user)
    {
        if (!tokens.TryGetValue(user, out var token))
        {
            token = tokens[user] = (await Servers.Tokens.SignInAsync(user, "citizen-portal")).GetProperty("access_token").GetString()!;
        }

        return token;
    }
}
