using System.Net;
using HanoiEgov.BuildingBlocks;
using HanoiEgov.Platform.Tests.Support;
using Npgsql;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The edges of the dossier API a retrying client or a busy day reaches: retried steps, the day's last code.</summary>
[Trait("Category", "Integration")]
public sealed class DossierEdgeCasesApiTests(LocalServersFixture servers) : HostedPlatformTests(servers, "edges")
{
    [Fact]
    public async Task A_step_sent_again_with_its_Idempotency_Key_answers_as_the_first_and_records_one_event()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var dossier = await calls.SubmitResidenceAsync("nguyen.van.an", "00004");
        var id = dossier.Id;

        async Task<HttpResponseMessage> AcceptAsync(string key)
        {
            var token = (await Servers.Tokens.SignInAsync("clerk.badinh", "officials-portal")).GetProperty("access_token").GetString();
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/dossiers/{id}/actions") { Content = System.Net.Http.Json.JsonContent.Create(new { action = "Accept", expectedVersion = 1 }) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key);
            return await Client.SendAsync(request, TestContext.Current.CancellationToken);
        }

        using var first = await AcceptAsync("accept-once");
        using var retry = await AcceptAsync("accept-once");
        using var another = await AcceptAsync("accept-twice");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, (await retry.ReadAsync<Dossier>()).Version);
        Assert.Equal(HttpStatusCode.Conflict, another.StatusCode);
        Assert.Equal(2, (await calls.GetOkAsync<HistoryEntry[]>("nguyen.van.an", $"/api/dossiers/{id}/history")).Length);
    }

    [Fact]
    public async Task A_submission_past_the_agencys_9999th_of_the_day_is_503_naming_the_code_with_Retry_After_until_midnight_and_stores_nothing()
    {
        var today = VietnamTime.DayOf(DateTimeOffset.UtcNow);
        await using (var connection = new NpgsqlConnection(Database))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var spent = new NpgsqlCommand("INSERT INTO dossiers.code_sequences (agency, day, last) VALUES ('00004', @day, 9999)", connection);
            spent.Parameters.AddWithValue("day", today);
            await spent.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var calls = new DemoUserCalls(Servers, Client);
        object[] documents =
        [
            new { documentCode = "to-khai-ct01", attachmentId = await calls.UploadAsync("nguyen.van.an", "to-khai.pdf", "%PDF-1.4 tờ khai"u8.ToArray()) },
            new { documentCode = "chung-minh-cho-o", attachmentId = await calls.UploadAsync("nguyen.van.an", "so-do.pdf", "%PDF-1.4 sổ đỏ"u8.ToArray()) },
        ];
        using var refused = await calls.SendAsync("nguyen.van.an", HttpMethod.Post, "/api/dossiers", new { procedureCode = "1.004222", agency = "00004", documents });
        var elsewhere = await calls.SubmitResidenceAsync("nguyen.van.an", "00008");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var problem = await refused.ReadAsync<Problem>();
        Assert.Equal("code", problem.Field);
        Assert.Contains("9999", problem.Title, StringComparison.Ordinal);
        var wait = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(wait);
        var midnight = VietnamTime.StartOf(today.AddDays(1)) - DateTimeOffset.UtcNow;
        Assert.InRange(wait.Value, midnight - TimeSpan.FromMinutes(1), midnight + TimeSpan.FromMinutes(1));
        Assert.Single(await calls.GetOkAsync<Dossier[]>("nguyen.van.an", "/api/dossiers"));
        Assert.StartsWith("00008-", elsewhere.Code, StringComparison.Ordinal);
    }
}
