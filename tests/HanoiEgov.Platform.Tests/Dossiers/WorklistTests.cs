using System.Net;
using HanoiEgov.Modules.Dossiers.Persistence;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>The back office's lists of an agency's dossiers: the worklist and the search, filtered and paged, on a database of their own.</summary>
[Trait("Category", "Integration")]
public sealed class WorklistTests(LocalServersFixture servers) : HostedPlatformTests(servers, "worklist")
{
    [Fact]
    public async Task The_worklist_filters_by_status_procedure_channel_assignee_deadline_and_name_or_code_and_counts_what_passes()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var (online, accepted, counter, withdrawn) = await FourDossiersOfHoanKiemAsync(calls);

        var all = await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist");
        Assert.Equal(3, all.Total);
        Assert.Equal(new[] { online, accepted, counter }.Order(), all.Ids.Order());
        Assert.Equal(all.Items.Select(item => item.DueAt).Order(), all.Items.Select(item => item.DueAt));
        Assert.Equal([online], (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist?status=1")).Ids);
        Assert.Equal(new[] { accepted, counter }.Order(), (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist?status=2")).Ids.Order());
        Assert.Equal([counter], (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist?channel=counter")).Ids);
        Assert.Equal([counter], (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist?procedure=1.001193")).Ids);
        Assert.Equal([accepted], (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist?q=tran thi BINH")).Ids);
        Assert.Equal([counter], (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist?q=Lê Minh")).Ids);
        Assert.Equal([online], (await PageAsync(calls, "clerk.hoankiem", $"/api/agencies/00070/worklist?q={all.Items.Single(item => item.Id == online).Code}")).Ids);
        Assert.Equal(3, (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist?assignee=none")).Total);
        Assert.Equal(0, (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist?assignee=me")).Total);
        Assert.Equal(0, (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist?q=nguyen&channel=counter")).Total);
        foreach (var deadline in new[] { "on-time", "near-due", "overdue" })
        {
            var marked = all.Items.Where(item => item.Deadline == deadline).Select(item => item.Id).Order();
            Assert.Equal(marked, (await PageAsync(calls, "clerk.hoankiem", $"/api/agencies/00070/worklist?deadline={deadline}")).Ids.Order());
        }

        Assert.DoesNotContain(withdrawn, all.Ids);
    }

    [Fact]
    public async Task A_filtered_worklist_comes_a_page_at_a_time_and_the_next_link_keeps_the_filters()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var (_, accepted, counter, _) = await FourDossiersOfHoanKiemAsync(calls);

        var first = await PageAsync(calls, "head.hoankiem", "/api/agencies/00070/worklist?status=2&limit=1");
        var second = await PageAsync(calls, "head.hoankiem", first.Next!);
        var last = await PageAsync(calls, "head.hoankiem", second.Next!);

        Assert.Contains("status=2", first.Next, StringComparison.Ordinal);
        Assert.Contains("limit=1", first.Next, StringComparison.Ordinal);
        Assert.Equal(new[] { accepted, counter }.Order(), first.Ids.Concat(second.Ids).Order());
        Assert.Empty(last.Ids);
        Assert.Null(last.Next);
        Assert.All(new[] { first, second, last }, page => Assert.Equal(2, page.Total));
    }

    [Fact]
    public async Task The_search_lists_every_dossier_of_the_agency_newest_first_closed_ones_too_with_the_same_filters()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var (online, accepted, counter, withdrawn) = await FourDossiersOfHoanKiemAsync(calls);

        var all = await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/dossiers");
        var closed = await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/dossiers?status=7");
        var byName = await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/dossiers?q=le minh chau");
        var paged = await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/dossiers?limit=3");
        var rest = await PageAsync(calls, "clerk.hoankiem", paged.Next!);

        Assert.Equal([withdrawn, counter, accepted, online], all.Ids);
        Assert.Equal(4, all.Total);
        Assert.Equal([withdrawn], closed.Ids);
        Assert.Equal([withdrawn, counter], byName.Ids);
        Assert.Equal(all.Ids, paged.Ids.Concat(rest.Ids));
    }

    /// <summary>
    /// The unfiltered worklist's total is the count the triggers keep per agency (migration 0043), not a count of the
    /// index: kept through receipt, acceptance, withdrawal and a counter registration, it is what counting gives, and
    /// the bulk load's recount gives the same.
    /// </summary>
    [Fact]
    public async Task The_kept_count_of_an_agencys_open_dossiers_is_what_counting_them_gives_and_the_unfiltered_worklist_says_it()
    {
        var calls = new DemoUserCalls(Servers, Client);
        await FourDossiersOfHoanKiemAsync(calls);
        await calls.SubmitResidenceAsync("nguyen.van.an", "00004");

        var kept = await OpenCountsAsync("SELECT agency, open FROM dossiers.open_dossier_counts WHERE open <> 0");
        var counted = await OpenCountsAsync($"SELECT agency, count(*) FROM dossiers.dossiers WHERE status NOT IN {StatusSql.Final} GROUP BY agency");
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(Database))
        await using (var recount = dataSource.CreateCommand("SELECT dossiers.recount_statistics(); SELECT dossiers.recount_open_dossiers()"))
        {
            await recount.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var recounted = await OpenCountsAsync("SELECT agency, open FROM dossiers.open_dossier_counts WHERE open <> 0");

        Assert.Equal(new Dictionary<string, long> { ["00004"] = 1, ["00070"] = 3 }, counted);
        Assert.Equal(counted, kept);
        Assert.Equal(counted, recounted);
        Assert.Equal(3, (await PageAsync(calls, "clerk.hoankiem", "/api/agencies/00070/worklist")).Total);
        Assert.Equal(1, (await PageAsync(calls, "clerk.badinh", "/api/agencies/00004/worklist")).Total);
    }

    [Theory]
    [InlineData("worklist?status=abc", "status")]
    [InlineData("worklist?status=10", "status")]
    [InlineData("dossiers?status=11", "status")]
    [InlineData("worklist?procedure=9.999999", "procedure")]
    [InlineData("worklist?channel=post", "channel")]
    [InlineData("worklist?assignee=0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789x", "assignee")]
    [InlineData("worklist?q=a", "q")]
    [InlineData("dossiers?q=%20", "q")]
    [InlineData("worklist?deadline=late", "deadline")]
    [InlineData("worklist?deadline=closed", "deadline")]
    [InlineData("worklist?limit=0", "limit")]
    [InlineData("dossiers?limit=x", "limit")]
    [InlineData("dossiers?after=not-a-cursor", "after")]
    public async Task A_list_query_with_a_bad_filter_is_a_400_naming_it(string query, string field)
    {
        var calls = new DemoUserCalls(Servers, Client);
        using var response = await calls.SendAsync("clerk.badinh", HttpMethod.Get, $"/api/agencies/00004/{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ReadAsync<Problem>()).ErrorFields);
    }

    /// <summary>In Hoàn Kiếm: online and newly registered; online and accepted; registered at the counter (birth, 1.001193); withdrawn.</summary>
    private static async Task<(string Online, string Accepted, string Counter, string Withdrawn)> FourDossiersOfHoanKiemAsync(DemoUserCalls calls)
    {
        var online = (await calls.SubmitResidenceAsync("nguyen.van.an", "00070")).Id;
        var accepted = (await calls.SubmitResidenceAsync("tran.thi.binh", "00070")).Id;
        await calls.ActAsync("clerk.hoankiem", accepted, "Accept", 1);
        var counter = (await calls.RegisterBirthAtCounterAsync("clerk.hoankiem")).Id;
        var withdrawn = (await calls.SubmitResidenceAsync("le.minh.chau", "00070")).Id;
        await calls.ActAsync("le.minh.chau", withdrawn, "Withdraw", 1);
        return (online, accepted, counter, withdrawn);
    }

    /// <summary>Runs <paramref name="sql"/> on this test's database and reads its rows as (agency, number).</summary>
    private async Task<Dictionary<string, long>> OpenCountsAsync(string sql)
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(Database);
        await using var command = dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows[reader.GetString(0)] = reader.GetInt64(1);
        }

        return rows;
    }

    private static async Task<Page> PageAsync(DemoUserCalls calls, string user, string path)
    {
        using var response = await calls.GetOkAsync(user, path);
        var items = await response.ReadAsync<List<Dossier>>();
        var next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        return new Page(items, long.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture), next);
    }

    private sealed record Page(List<Dossier> Items, long Total, string? Next)
    {
        public List<string> Ids => [.. Items.Select(item => item.Id)];
    }
}
