using HanoiEgov.Modules.Dossiers;
using HanoiEgov.Platform.Tests.Support;

namespace HanoiEgov.Platform.Tests.Dossiers;

/// <summary>
/// Decree 301/2026 replaces the Decree 63 groups from 1 September 2026. The platform's clock starts on 31 August 2026
/// (set before the host starts, so Orleans and the watch run on it from the first tick) and is moved to the next day.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InterlinkedChangeoverTests(LocalServersFixture servers) : HostedPlatformTests(servers, "changeover")
{
    private static readonly DateTimeOffset LastDayOfDecree63 = new(2026, 8, 31, 10, 0, 0, TimeSpan.FromHours(7));

    private readonly ShiftedClock clock = new() { Ahead = LastDayOfDecree63 - DateTimeOffset.UtcNow };

    protected override TimeProvider? Clock => clock;

    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string> { ["Interlinked:PollEvery"] = "00:00:00.300" });

    [Fact]
    public async Task A_birth_declared_on_31_August_2026_keeps_the_Decree_63_group_and_one_declared_from_1_September_gets_Decree_301s_with_the_identity_card()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var before = await InterlinkedDeclarations.SubmitBirthAsync(calls, clock);
        clock.Ahead += TimeSpan.FromDays(1);
        var after = await InterlinkedDeclarations.SubmitBirthAsync(calls, clock);

        Assert.Equal("2.000986", before.ProcedureCode);
        Assert.Equal(["birth", "residence", "health-insurance"], before.Parts.Select(part => part.Key));
        Assert.Equal("3.000722", after.ProcedureCode);
        Assert.Equal(["birth", "residence", "health-insurance", "identity-card"], after.Parts.Select(part => part.Key));
        Assert.Equal("Hệ thống quản lý căn cước (Bộ Công an)", after.Part("identity-card").DecidedBy);
        Assert.Equal([before.Id], [.. (await calls.GetOkAsync<InterlinkedDossier[]>("head.badinh", "/api/interlinked?group=2.000986")).Select(dossier => dossier.Id)]);
        Assert.Equal([after.Id], [.. (await calls.GetOkAsync<InterlinkedDossier[]>("head.badinh", "/api/interlinked?group=3.000722")).Select(dossier => dossier.Id)]);
    }

    [Fact]
    public async Task A_Decree_63_dossier_is_still_followed_under_its_own_group_after_the_group_is_retired()
    {
        var calls = new DemoUserCalls(Servers, Client);
        var before = await InterlinkedDeclarations.SubmitBirthAsync(calls, clock);
        clock.Ahead += TimeSpan.FromDays(1);

        await calls.ActAsync("clerk.badinh", before.Part("birth").DossierId!, "Refuse", 1, "Giấy chứng sinh không đọc được.");
        var ended = await Eventually.FindAsync(
            async () => await calls.GetOkAsync<InterlinkedDossier>("head.badinh", $"/api/interlinked/{before.Id}") is { Status: 3 } seen ? seen : null, TimeSpan.FromSeconds(30));

        Assert.Equal(("2.000986", 3), (ended.ProcedureCode, ended.Parts.Count));
        Assert.Equal("Refused", ended.Part("birth").State);
        Assert.True((await calls.GetOkAsync<ChainReport>("head.badinh", $"/api/interlinked/{before.Id}/verification")).Intact);
    }
}
