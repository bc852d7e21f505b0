using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HanoiEgov.Platform.Tests.Support;
using Npgsql;

namespace HanoiEgov.Platform.Tests.PlatformHost;

/// <summary>
/// PostgreSQL restarted under a running platform host (its own server, so the other tests keep theirs): while it is
/// down a submission is refused with 503 and Retry-After, never a 500, and once it is up again the same submission
/// goes through within seconds.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DatabaseRestartTests(LocalServersFixture servers)
{
    private const string Citizen = "nguyen.van.an";
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task While_PostgreSQL_is_down_submissions_get_503_with_Retry_After_and_they_succeed_again_within_10_s_of_it_coming_back()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var own = await LocalServerSet.StartAsync("pg-restart");
        var database = await own.CreateDatabaseAsync("egov");
        await using var factory = new PlatformHostFactory(database, own.RedisConnectionString, servers.Identity.BaseAddress);
        using var client = factory.CreateClient();
        await Eventually.HealthyAsync(client, TimeSpan.FromSeconds(90));
        var token = (await servers.Tokens.SignInAsync(Citizen, "citizen-portal")).GetProperty("access_token").GetString()!;
        var before = await DocumentsAsync(client, token);
        var during = await DocumentsAsync(client, token);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(client, token, "before-restart", before)).Status);

        await own.StopPostgresAsync();
        var outage = new List<(HttpStatusCode Status, bool RetryAfter, string? Type)>();
        try
        {
            var down = Stopwatch.StartNew();
            while (down.Elapsed < TimeSpan.FromSeconds(3))
            {
                outage.Add(await SubmitAsync(client, token, "during-restart", during));
                await Task.Delay(200, cancellation);
            }
        }
        finally
        {
            await own.StartPostgresAsync();
        }

        var up = Stopwatch.StartNew();
        var after = await SubmitAsync(client, token, "during-restart", during);
        while (after.Status is not (HttpStatusCode.Created or HttpStatusCode.OK) && up.Elapsed < Recovery + TimeSpan.FromSeconds(5))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, after.Status);
            await Task.Delay(200, cancellation);
            after = await SubmitAsync(client, token, "during-restart", during);
        }

        var recovered = up.Elapsed;
        Assert.NotEmpty(outage);
        Assert.All(outage, answer =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.True(answer.RetryAfter, "a 503 without Retry-After");
            Assert.Equal("application/problem+json", answer.Type);
        });
        Assert.True(after.Status is HttpStatusCode.Created or HttpStatusCode.OK, $"still {(int)after.Status} {recovered.TotalSeconds:0.0} s after PostgreSQL was up");
        Assert.True(recovered <= Recovery, $"the first submission after PostgreSQL was up succeeded only after {recovered.TotalSeconds:0.0} s");
        Assert.Equal((2L, 2L), await StoredAsync(database));
    }

    private static async Task<(HttpStatusCode Status, bool RetryAfter, string? Type)> SubmitAsync(HttpClient client, string token, string key, object[] documents)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/dossiers")
        {
            Content = JsonContent.Create(new { procedureCode = "1.004222", agency = "00004", documents }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, response.Headers.RetryAfter is not null, response.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<object[]> DocumentsAsync(HttpClient client, string token) =>
    [
        new { documentCode = "to-khai-ct01", attachmentId = await StageAsync(client, token, "ct01.pdf") },
        new { documentCode = "chung-minh-cho-o", attachmentId = await StageAsync(client, token, "so-do.pdf") },
    ];

    private static async Task<string> StageAsync(HttpClient client, string token, string name)
    {
        var file = new ByteArrayContent("%PDF-1.4 giấy tờ"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/attachments") { Content = new MultipartFormDataContent { { file, "file", name } } };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
    }

    /// <summary>The dossiers stored for the keys, and the dossiers stored at all: one per key, none twice.</summary>
    private static async Task<(long Keys, long Dossiers)> StoredAsync(string database)
    {
        await using var source = NpgsqlDataSource.Create(database);
        await using var count = source.CreateCommand(
            "SELECT (SELECT count(DISTINCT idempotency_key) FROM dossiers.submissions), (SELECT count(*) FROM dossiers.dossiers)");
        await using var reader = await count.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        await reader.ReadAsync(TestContext.Current.CancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
