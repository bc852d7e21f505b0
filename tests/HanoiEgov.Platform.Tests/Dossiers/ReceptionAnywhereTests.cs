using System.Globalization;
using System.Net;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Reception anywhere in the province (Decree 118/2025) over HTTP with real tokens: Hoàn Kiếm's counter (00070)
/// receives for Ba Đình (00004), Ba Đình's for Ngọc Hà (00008), a ward with no demo official, so Hoàn Kiếm is the
/// third ward there.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReceptionAnywhereTests(LocalServersFixture servers) : HostedPlatformTests(servers, "reception")
{
    private DemoUserCalls? calls;

    private DemoUserCalls Calls => calls ??= new DemoUserCalls(Servers, Client);

    [Fact]
    public async Task A_dossier_received_for_another_ward_has_the_receiving_wards_code_and_both_wards_see_it_in_their_worklists()
    {
        var dossier = await RegisterForAsync("clerk.hoankiem", "00004");

        Assert.StartsWith("00070-", dossier.Code, StringComparison.Ordinal);
        Assert.Matches(@"^00070-\d{6}-\d{4}$", dossier.Code);
        Assert.Equal("00004", dossier.Agency);
        Assert.Equal("00070", dossier.ReceivingAgency);
        foreach (var user in new[] { "head.badinh", "official.badinh", "clerk.hoankiem", "head.hoankiem" })
        {
            Assert.Equal(dossier.Code, (await Calls.GetOkAsync<Dossier>(user, $"/api/dossiers/{dossier.Id}")).Code);
        }

        var competent = await Calls.GetOkAsync<Dossier[]>("head.badinh", "/api/agencies/00004/worklist?transferred=in");
        var receivedHere = await Calls.GetOkAsync<Dossier[]>("clerk.hoankiem", "/api/agencies/00070/worklist?transferred=out");
        var receivingWardsOwn = await Calls.GetOkAsync<Dossier[]>("head.hoankiem", "/api/agencies/00070/worklist");
        var competentWhole = await Calls.GetOkAsync<Dossier[]>("official.badinh", "/api/agencies/00004/worklist");
        Assert.Equal("00070", Assert.Single(competent, item => item.Id == dossier.Id).ReceivingAgency);
        Assert.All(competent, item => Assert.NotEqual(item.Agency, item.ReceivingAgency));
        Assert.Contains(receivedHere, item => item.Id == dossier.Id);
        Assert.All(receivedHere, item => Assert.Equal("00070", item.ReceivingAgency));
        Assert.DoesNotContain(receivingWardsOwn, item => item.Id == dossier.Id);
        Assert.Contains(competentWhole, item => item.Id == dossier.Id);
    }

    [Fact]
    public async Task A_dossier_received_for_another_ward_is_not_found_by_a_third_ward_at_any_endpoint()
    {
        var dossier = await RegisterForAsync("clerk.badinh", "00008");
        var id = dossier.Id;
        var noResult = Guid.NewGuid();
        string[] paths =
        [
            $"/api/dossiers/{id}", $"/api/dossiers/{id}/history", $"/api/dossiers/{id}/attachments", $"/api/dossiers/{id}/available-actions",
            $"/api/dossiers/{id}/verification", $"/api/dossiers/{id}/forms/01", $"/api/dossiers/{id}/forms/06", $"/api/dossiers/{id}/results",
            $"/api/dossiers/{id}/results/{noResult}", $"/api/dossiers/{id}/payment",
        ];

        var wrong = new List<string>();
        foreach (var path in paths)
        {
            foreach (var (user, expected) in new[] { ("clerk.badinh", HttpStatusCode.OK), ("head.badinh", HttpStatusCode.OK), ("clerk.hoankiem", HttpStatusCode.NotFound), ("head.hoankiem", HttpStatusCode.NotFound) })
            {
                using var response = await Calls.SendAsync(user, HttpMethod.Get, path);
                var allowed = expected == HttpStatusCode.OK && (path.Contains("/results/", StringComparison.Ordinal) || path.EndsWith("/payment", StringComparison.Ordinal))
                    ? HttpStatusCode.NotFound
                    : expected;
                if (response.StatusCode != allowed)
                {
                    wrong.Add($"{user} GET {path}: {(int)response.StatusCode}, expected {(int)allowed}");
                }
            }
        }

        foreach (var user in new[] { "clerk.hoankiem", "head.hoankiem" })
        {
            using var step = await Calls.SendAsync(user, HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "HandOver", expectedVersion = 1 });
            if (step.StatusCode != HttpStatusCode.NotFound)
            {
                wrong.Add($"{user} POST HandOver: {(int)step.StatusCode}, expected 404");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
        Assert.DoesNotContain(await Calls.GetOkAsync<Dossier[]>("head.hoankiem", "/api/agencies/00070/worklist?transferred=out"), item => item.Id == id);
        Assert.DoesNotContain(await Calls.GetOkAsync<Dossier[]>("head.hoankiem", "/api/agencies/00070/dossiers?transferred=in"), item => item.Id == id);
    }

    [Fact]
    public async Task The_competent_ward_starts_only_after_the_receiving_clerk_hands_over_and_the_receiving_clerk_returns_the_result()
    {
        var id = (await RegisterForAsync("clerk.hoankiem", "00004")).Id;

        var beforeHandover = await ActionsAsync("official.badinh", id);
        using var startedEarly = await Calls.SendAsync("official.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "StartProcessing", expectedVersion = 1 });
        using var competentHandsOver = await Calls.SendAsync("clerk.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "HandOver", expectedVersion = 1 });
        var receivingClerk = await ActionsAsync("clerk.hoankiem", id);
        var handedOver = await Calls.ActAsync("clerk.hoankiem", id, "HandOver", 1);
        using var twice = await Calls.SendAsync("clerk.hoankiem", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "HandOver", expectedVersion = 2 });
        var afterHandover = await ActionsAsync("official.badinh", id);
        await Calls.ActAsync("official.badinh", id, "StartProcessing", 2);
        await Calls.ActAsync("head.badinh", id, "Approve", 3);
        using var competentReturns = await Calls.SendAsync("clerk.badinh", HttpMethod.Post, $"/api/dossiers/{id}/actions", new { action = "ReturnResult", expectedVersion = 4 });
        var returned = await Calls.ActAsync("clerk.hoankiem", id, "ReturnResult", 4);

        Assert.DoesNotContain("StartProcessing", beforeHandover);
        Assert.Equal(HttpStatusCode.Forbidden, startedEarly.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, competentHandsOver.StatusCode);
        Assert.Equal(["HandOver"], receivingClerk);
        Assert.Equal("Received", handedOver.Status);
        Assert.Equal(HttpStatusCode.Forbidden, twice.StatusCode);
        Assert.Contains("StartProcessing", afterHandover);
        Assert.Equal(HttpStatusCode.Forbidden, competentReturns.StatusCode);
        Assert.Equal("ResultReturned", returned.Status);
        var history = await Calls.GetOkAsync<HistoryEntry[]>("head.badinh", $"/api/dossiers/{id}/history");
        Assert.Equal(["RegisterAtCounter", "HandOver", "StartProcessing", "Approve", "ReturnResult"], history.Select(entry => entry.Action));
        var handover = history[1];
        Assert.Equal("one-stop-clerk", handover.Actor.Role);
        Assert.Equal("00070", handover.Actor.Agency);
        Assert.Equal("00070", history[^1].Actor.Agency);
        Assert.True((await Calls.GetOkAsync<ChainReport>("head.badinh", $"/api/dossiers/{id}/verification")).Intact);
        Assert.True((await Calls.GetOkAsync<ChainReport>("clerk.hoankiem", $"/api/dossiers/{id}/verification")).Intact);
    }

    [Fact]
    public async Task Form_06_prints_the_handover_from_where_to_where_by_whom_and_when_and_the_receipt_names_both_wards()
    {
        var dossier = await RegisterForAsync("clerk.hoankiem", "00004");
        var handedOver = await Calls.ActAsync("clerk.hoankiem", dossier.Id, "HandOver", 1);
        var history = await Calls.GetOkAsync<HistoryEntry[]>("clerk.hoankiem", $"/api/dossiers/{dossier.Id}/history");

        var slip = (await FormTextAsync("head.badinh", $"/api/dossiers/{dossier.Id}/forms/06"));
        var receipt = (await FormTextAsync("clerk.hoankiem", $"/api/dossiers/{dossier.Id}/forms/01"));

        Assert.Equal(2, handedOver.Version);
        Assert.Contains("Chuyển hồ sơ đến cơ quan giải quyết", slip, StringComparison.Ordinal);
        Assert.Contains("Chuyển từ Phường Hoàn Kiếm đến Phường Ba Đình", slip, StringComparison.Ordinal);
        Assert.Contains("Cơ quan tiếp nhận hồ sơ: Phường Hoàn Kiếm (mã đơn vị 00070)", slip, StringComparison.Ordinal);
        Assert.Contains($"tài khoản {history[1].Actor.UserId[..8]}", slip, StringComparison.Ordinal);
        Assert.Contains(Moment(history[1].RecordedAt), slip, StringComparison.Ordinal);
        Assert.Contains("ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM", receipt, StringComparison.Ordinal);
        Assert.Contains("Cơ quan tiếp nhận hồ sơ: Phường Hoàn Kiếm (mã đơn vị 00070)", receipt, StringComparison.Ordinal);
        Assert.Contains("Cơ quan có thẩm quyền giải quyết: Ủy ban nhân dân Phường Ba Đình (mã đơn vị 00004)", receipt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01273", "GET /api/agencies")]
    [InlineData("000.00.07.H26", "commune-level")]
    [InlineData("Ba Đình", "GET /api/agencies")]
    public async Task A_competent_agency_outside_the_province_or_at_another_level_is_a_400_naming_competentAgency_and_creates_nothing(string competent, string says)
    {
        var name = $"Người Nộp {competent.Length}{competent[0]}";
        using var response = await RegisterResponseAsync("clerk.hoankiem", competent, name);
        var problem = await response.ReadAsync<Problem>();
        using var searched = await Calls.SendAsync("clerk.hoankiem", HttpMethod.Get, "/api/agencies/00070/worklist?transferred=out&limit=200");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["competentAgency"], problem.ErrorFields);
        Assert.Contains(says, problem.Errors!["competentAgency"][0], StringComparison.Ordinal);
        Assert.DoesNotContain(await searched.ReadAsync<Dossier[]>(), item => item.ApplicantName == name);
    }

    [Fact]
    public async Task Statistics_count_what_the_receiving_ward_received_for_others_and_what_the_competent_ward_resolved()
    {
        var before = await StatisticsAsync();
        var dossier = await RegisterForAsync("clerk.hoankiem", "00004");
        await Calls.ActAsync("clerk.hoankiem", dossier.Id, "HandOver", 1);
        await Calls.ActAsync("official.badinh", dossier.Id, "StartProcessing", 2);
        await Calls.ActAsync("head.badinh", dossier.Id, "Approve", 3);
        var after = await StatisticsAsync();
        var own = await Calls.GetOkAsync<AgencyStatistics[]>("head.hoankiem", $"/api/statistics/dossiers?{Period()}");

        var (receivingBefore, receivingAfter) = (before.GetValueOrDefault("00070") ?? Empty("00070"), after["00070"]);
        var (competentBefore, competentAfter) = (before.GetValueOrDefault("00004") ?? Empty("00004"), after["00004"]);
        Assert.Equal(receivingBefore.ReceivedHere + 1, receivingAfter.ReceivedHere);
        Assert.Equal(receivingBefore.ReceivedForOthers + 1, receivingAfter.ReceivedForOthers);
        Assert.Equal(receivingBefore.Received, receivingAfter.Received);
        Assert.Equal(receivingBefore.OnTime, receivingAfter.OnTime);
        Assert.Equal(competentBefore.Received + 1, competentAfter.Received);
        Assert.Equal(competentBefore.TransferredIn + 1, competentAfter.TransferredIn);
        Assert.Equal(competentBefore.ReceivedHere, competentAfter.ReceivedHere);
        Assert.Equal(competentBefore.OnTime + 1, competentAfter.OnTime);
        Assert.Equal(receivingAfter, Assert.Single(own));
    }

    [Fact]
    public async Task The_series_and_the_ranking_count_a_dossier_received_for_another_ward_in_the_receivers_reception_and_the_competents_resolution_and_once_in_the_city()
    {
        var dossier = await RegisterForAsync("clerk.hoankiem", "00004");
        await Calls.ActAsync("clerk.hoankiem", dossier.Id, "HandOver", 1);
        await Calls.ActAsync("official.badinh", dossier.Id, "StartProcessing", 2);
        await Calls.ActAsync("head.badinh", dossier.Id, "Approve", 3);

        var receiving = (await Calls.GetOkAsync<StatisticsSeries>("head.hoankiem", $"/api/statistics/dossiers/series?{Period()}")).Total;
        var competent = (await Calls.GetOkAsync<StatisticsSeries>("head.badinh", $"/api/statistics/dossiers/series?{Period()}")).Total;
        var city = (await Calls.GetOkAsync<StatisticsSeries>("admin", $"/api/statistics/dossiers/series?period=week&{Period()}")).Total;
        var ranking = (await Calls.GetOkAsync<AgencyRanking>("admin", $"/api/statistics/agencies?{Period()}")).Agencies.ToDictionary(rank => rank.Agency);
        var byReception = (await Calls.GetOkAsync<AgencyRanking>("admin", $"/api/statistics/agencies?by=received-here&{Period()}")).Agencies;

        Assert.Equal((1L, 1L, 0L, 0L, 0L), (receiving.ReceivedHere, receiving.ReceivedForOthers, receiving.Received, receiving.OnTime, receiving.TransferredIn));
        Assert.Null(receiving.OnTimeRate);
        Assert.Equal(1, Assert.Single(receiving.Procedures).ReceivedForOthers);
        Assert.Equal((0L, 0L, 1L, 1L, 1L), (competent.ReceivedHere, competent.ReceivedForOthers, competent.Received, competent.OnTime, competent.TransferredIn));
        Assert.Equal(1.0, competent.OnTimeRate);
        Assert.Equal((1L, 1L, 1L), (city.ReceivedHere, city.Received, city.OnTime));
        Assert.Equal((1L, 1L, 0L, 0L), (ranking["00070"].ReceivedHere, ranking["00070"].ReceivedForOthers, ranking["00070"].Received, ranking["00070"].OnTime));
        Assert.Null(ranking["00070"].Rank);
        Assert.Equal((0L, 1L, 1L, 1L), (ranking["00004"].ReceivedHere, ranking["00004"].Received, ranking["00004"].TransferredIn, ranking["00004"].OnTime));
        Assert.Equal(1, ranking["00004"].Rank);
        Assert.Equal(1L, ranking.Values.Sum(rank => rank.ReceivedHere));
        Assert.Equal(1L, ranking.Values.Sum(rank => rank.Received));
        Assert.Equal("00070", byReception[0].Agency);
        Assert.Equal(1, byReception[0].Rank);
        Assert.Null(byReception.Single(rank => rank.Agency == "00004").Rank);
    }

    [Fact]
    public async Task The_receiving_wards_ledger_lists_what_it_received_for_another_with_that_ward_and_the_handover_and_the_competent_wards_marks_it_transferred_in()
    {
        var handedOver = await RegisterForAsync("clerk.hoankiem", "00004");
        await Calls.ActAsync("clerk.hoankiem", handedOver.Id, "HandOver", 1);
        var waiting = await RegisterForAsync("clerk.hoankiem", "00004");
        var own = await Calls.SubmitResidenceAsync("nguyen.van.an", "00070");
        var history = await Calls.GetOkAsync<HistoryEntry[]>("clerk.hoankiem", $"/api/dossiers/{handedOver.Id}/history");
        var at = history[1].RecordedAt.ToOffset(TimeSpan.FromHours(7)).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
        var period = Period();

        var receiving = await FormTextAsync("clerk.hoankiem", $"/api/agencies/00070/ledger?{period}");
        var competent = await FormTextAsync("head.badinh", $"/api/agencies/00004/ledger?{period}");

        Assert.Contains(handedOver.Code, receiving, StringComparison.Ordinal);
        Assert.Contains(waiting.Code, receiving, StringComparison.Ordinal);
        Assert.Contains(own.Code, receiving, StringComparison.Ordinal);
        Assert.Contains($"Tiếp nhận hộ, cơ quan giải quyết: Phường Ba Đình (mã 00004); đã chuyển {at}.", receiving, StringComparison.Ordinal);
        Assert.Contains("Tiếp nhận hộ, cơ quan giải quyết: Phường Ba Đình (mã 00004); chưa chuyển.", receiving, StringComparison.Ordinal);
        Assert.Contains("Tổng số: 3 hồ sơ", receiving, StringComparison.Ordinal);
        Assert.Contains("Trong đó: tiếp nhận hộ cơ quan khác 2 hồ sơ", receiving, StringComparison.Ordinal);
        Assert.Contains(handedOver.Code, competent, StringComparison.Ordinal);
        Assert.Contains(waiting.Code, competent, StringComparison.Ordinal);
        Assert.DoesNotContain(own.Code, competent, StringComparison.Ordinal);
        Assert.Contains($"Chuyển đến từ Phường Hoàn Kiếm (mã 00070), nhận {at}.", competent, StringComparison.Ordinal);
        Assert.Contains("Chuyển đến từ Phường Hoàn Kiếm (mã 00070), chưa chuyển.", competent, StringComparison.Ordinal);
        Assert.Contains("nơi khác tiếp nhận, chuyển đến 2 hồ sơ.", competent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_online_submission_is_received_and_decided_by_the_chosen_ward_with_nothing_to_hand_over()
    {
        var dossier = await Calls.SubmitResidenceAsync("nguyen.van.an", "00004");

        var read = await Calls.GetOkAsync<Dossier>("clerk.badinh", $"/api/dossiers/{dossier.Id}");
        var clerk = await ActionsAsync("clerk.badinh", dossier.Id);
        using var handOver = await Calls.SendAsync("clerk.badinh", HttpMethod.Post, $"/api/dossiers/{dossier.Id}/actions", new { action = "HandOver", expectedVersion = 1 });
        var transferred = await Calls.GetOkAsync<Dossier[]>("clerk.badinh", "/api/agencies/00004/worklist?transferred=in&limit=200");

        Assert.StartsWith("00004-", dossier.Code, StringComparison.Ordinal);
        Assert.Equal("00004", read.ReceivingAgency);
        Assert.Null(read.HandedOverAt);
        Assert.Equal(["Accept", "Refuse", "RequestSupplement"], clerk);
        Assert.Equal(HttpStatusCode.Forbidden, handOver.StatusCode);
        Assert.DoesNotContain(transferred, item => item.Id == dossier.Id);
    }

    [Theory]
    [InlineData("transferred=yes")]
    [InlineData("transferred=")]
    public async Task A_worklist_asked_for_an_unknown_transfer_is_a_400_naming_transferred(string query)
    {
        using var response = await Calls.SendAsync("head.badinh", HttpMethod.Get, $"/api/agencies/00004/worklist?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["transferred"], (await response.ReadAsync<Problem>()).ErrorFields);
    }

    private async Task<Dictionary<string, AgencyStatistics>> StatisticsAsync() =>
        (await Calls.GetOkAsync<AgencyStatistics[]>("admin", $"/api/statistics/dossiers?{Period()}")).ToDictionary(item => item.Agency);

    private static AgencyStatistics Empty(string agency) => new(agency, 0, 0, 0, 0, null);

    private static string Period()
    {
        var today = DateTime.UtcNow.AddHours(7);
        return $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";
    }

    private async Task<List<string>> ActionsAsync(string user, string id) =>
        [.. (await Calls.GetOkAsync<AvailableActions>(user, $"/api/dossiers/{id}/available-actions")).Actions.Select(action => action.Action)];

    /// <summary>A birth (1.001193, a commune-level procedure) registered at <paramref name="clerk"/>'s counter for <paramref name="competent"/>.</summary>
    private async Task<Dossier> RegisterForAsync(string clerk, string competent)
    {
        using var response = await RegisterResponseAsync(clerk, competent, "Lê Minh Châu");
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.ReadAsync<Dossier>();
    }

    private async Task<HttpResponseMessage> RegisterResponseAsync(string clerk, string competent, string applicantName)
    {
        object[] documents =
        [
            new { documentCode = "to-khai", attachmentId = await Calls.UploadAsync(clerk, "to-khai.pdf", "%PDF-1.4 tờ khai"u8.ToArray()) },
            new { documentCode = "giay-chung-sinh", attachmentId = await Calls.UploadAsync(clerk, "chung-sinh.pdf", "%PDF-1.4 chứng sinh"u8.ToArray()) },
            new { documentCode = "giay-to-tuy-than", attachmentId = await Calls.UploadAsync(clerk, "cccd.pdf", "%PDF-1.4 CCCD"u8.ToArray()) },
        ];
        return await Calls.SendAsync(clerk, HttpMethod.Post, "/api/dossiers/counter",
            new { procedureCode = "1.001193", applicantId = "001302012347", applicantName, documents, competentAgency = competent });
    }

    private async Task<string> FormTextAsync(string user, string path)
    {
        using var response = await Calls.GetOkAsync(user, path);
        return PdfText.Of(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    private static string Moment(DateTimeOffset instant) =>
        instant.ToOffset(TimeSpan.FromHours(7)).ToString("HH 'giờ' mm 'phút', 'ngày' dd/MM/yyyy", CultureInfo.InvariantCulture);
}
