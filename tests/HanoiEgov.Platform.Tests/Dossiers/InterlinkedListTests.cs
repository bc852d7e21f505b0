using System.Globalization;
using System.Net;
using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// The commune's list of interlinked dossiers filtered to those late or overdue, or to one group, a page at a time;
/// and a commune part's dossier naming the whole it belongs to. The platform's clock is moved ahead of real time so
/// that due times really pass (the test's clock, as the deadline watch's tests move theirs); nothing is edited.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InterlinkedListTests(LocalServersFixture servers) : HostedPlatformTests(servers, "interlinkedlist")
{
    private const string Mother = InterlinkedDeclarations.Mother;

    /// <summary>Past every due time of a birth group received today, whatever holidays follow.</summary>
    private static readonly TimeSpan AMonth = TimeSpan.FromDays(30);

    private readonly ShiftedClock clock = new();

    protected override TimeProvider? Clock => clock;

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Interlinked:PollEvery"] = "00:00:00.300" });

    [Fact]
    public async Task A_part_undecided_past_its_due_time_is_marked_overdue_and_only_its_dossier_passes_the_late_filter_of_its_commune()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var late = await SubmitBirthAsync(calls);
        clock.Ahead = AMonth;
        var onTime = await SubmitBirthAsync(calls);

        var seenLate = await calls.GetOkAsync<InterlinkedDossier>("head.badinh", $"/api/interlinked/{late.Id}");
        var seenOnTime = await calls.GetOkAsync<InterlinkedDossier>("head.badinh", $"/api/interlinked/{onTime.Id}");
        Assert.Equal("overdue", seenLate.Part("birth").Deadline);
        Assert.True(seenLate.Part("birth").Late);
        Assert.Equal("overdue", seenLate.Deadline);
        Assert.False(seenOnTime.Late);
        Assert.All(seenOnTime.Parts, part => Assert.False(part.Late));

        Assert.Equal([late.Id], (await PageAsync(calls, "head.badinh", "/api/interlinked?late=true")).Ids);
        Assert.Equal([late.Id], (await PageAsync(calls, "head.badinh", "/api/interlinked?late=true&group=3.000722")).Ids);
        Assert.Empty((await PageAsync(calls, "head.badinh", "/api/interlinked?late=true&group=2.002913")).Ids);
        Assert.Equal([onTime.Id, late.Id], (await PageAsync(calls, "head.badinh", "/api/interlinked?late=false")).Ids);
        Assert.Empty((await PageAsync(calls, "head.hoankiem", "/api/interlinked?late=true")).Ids);
        Assert.True((await calls.GetOkAsync<ChainReport>("head.badinh", $"/api/interlinked/{late.Id}/verification")).Intact);
    }

    [Fact]
    public async Task A_part_decided_after_its_due_time_is_marked_late_and_passes_the_late_filter_though_its_whole_ended_before_its_own()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var refused = await SubmitBirthAsync(calls);
        var partDue = refused.Part("birth").DueAt!.Value;
        clock.Ahead = partDue - DateTimeOffset.UtcNow + TimeSpan.FromHours(1);
        var onTime = await SubmitBirthAsync(calls);

        await calls.ActAsync("clerk.badinh", refused.Part("birth").DossierId!, "Refuse", 1, "Giấy chứng sinh không đọc được.");
        var ended = await Eventually.FindAsync(
            async () => await calls.GetOkAsync<InterlinkedDossier>("head.badinh", $"/api/interlinked/{refused.Id}") is { Status: 3 } seen ? seen : null, TimeSpan.FromSeconds(30));

        Assert.Equal("late", ended.Part("birth").Deadline);
        Assert.True(ended.Part("birth").Late);
        Assert.False(ended.Late);
        Assert.True(ended.DueAt > clock.GetUtcNow());
        Assert.Equal([refused.Id], (await PageAsync(calls, "head.badinh", "/api/interlinked?late=true")).Ids);
        Assert.Equal([onTime.Id, refused.Id], (await PageAsync(calls, "head.badinh", "/api/interlinked")).Ids);
    }

    [Fact]
    public async Task The_communes_interlinked_dossiers_come_a_page_at_a_time_and_the_next_link_keeps_the_filters()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var first = await SubmitBirthAsync(calls);
        var second = await SubmitBirthAsync(calls);

        var page = await PageAsync(calls, "clerk.badinh", "/api/interlinked?group=3.000722&limit=1");
        var next = await PageAsync(calls, "clerk.badinh", page.Next!);
        var last = await PageAsync(calls, "clerk.badinh", next.Next!);

        Assert.Contains("group=3.000722", page.Next, StringComparison.Ordinal);
        Assert.Contains("limit=1", page.Next, StringComparison.Ordinal);
        Assert.Equal([second.Id, first.Id], page.Ids.Concat(next.Ids));
        Assert.Empty(last.Ids);
        Assert.Null(last.Next);
        Assert.All(new[] { page, next, last }, each => Assert.Equal(2, each.Total));
    }

    [Fact]
    public async Task A_commune_parts_dossier_names_its_interlinked_dossier_to_the_applicant_and_the_communes_officials_and_to_no_one_else()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var whole = await SubmitBirthAsync(calls);
        var partDossier = whole.Part("birth").DossierId!;
        var ordinary = await calls.SubmitResidenceAsync(Mother, "00004");

        foreach (var user in new[] { Mother, "clerk.badinh", "head.badinh" })
        {
            var named = await calls.GetOkAsync<InterlinkedDossier>(user, $"/api/interlinked/of-dossier/{partDossier}");
            Assert.Equal((whole.Id, whole.Code), (named.Id, named.Code));
        }

        foreach (var user in new[] { "nguyen.van.an", "clerk.hoankiem", "head.hoankiem" })
        {
            using var hidden = await calls.SendAsync(user, HttpMethod.Get, $"/api/interlinked/of-dossier/{partDossier}");
            Assert.True(hidden.StatusCode == HttpStatusCode.NotFound, user);
        }

        using var notAPart = await calls.SendAsync(Mother, HttpMethod.Get, $"/api/interlinked/of-dossier/{ordinary.Id}");
        Assert.Equal(HttpStatusCode.NotFound, notAPart.StatusCode);
    }

    [Theory]
    [InlineData("late=yes", "late")]
    [InlineData("group=1.001193", "group")]
    [InlineData("limit=0", "limit")]
    [InlineData("after=not-a-cursor", "after")]
    public async Task A_list_query_of_interlinked_dossiers_with_a_bad_filter_is_a_400_naming_it(string query, string field)
    {
        var calls = new DemoUserCalls(Servers, Client);
        using var response = await calls.SendAsync("head.badinh", HttpMethod.Get, $"/api/interlinked?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], (await response.ReadAsync<Problem>()).ErrorFields);
    }

    private Task<InterlinkedDossier> SubmitBirthAsync(DemoUserCalls calls) => InterlinkedDeclarations.SubmitBirthAsync(calls, clock);

    private static async Task<Page> PageAsync(DemoUserCalls calls, string user, string path)
    {
        using var response = await calls.GetOkAsync(user, path);
        var items = await response.ReadAsync<List<InterlinkedDossier>>();
        var next = response.Headers.TryGetValues("Link", out var links) ? links.Single().Split('<', '>')[1] : null;
        return new Page(items, long.Parse(response.Headers.GetValues("X-Total-Count").Single(), CultureInfo.InvariantCulture), next);
    }

    private sealed record Page(List<InterlinkedDossier> Items, long Total, string? Next)
    {
        public List<string> Ids => [.. Items.Select(item => item.Id)];
    }
}
